import Foundation
import Testing
import TollgateGateway

/// The context the server adapters and the tool make for an arriving request.
@Suite struct InvocationContextTests {
    @Test func requestIdsAreVersion4UUIDs() {
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let id = InvocationContext.makeRequestId()
            let groups = id.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.map(\.count) == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { $0 == "-" || $0.isHexDigit && !$0.isUppercase })
            #expect(groups[2].first == "4")
            #expect("89ab".contains(groups[3].first!))
            #expect(UUID(uuidString: id) != nil)
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
    }

    @Test func arrivingNow() {
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let context = InvocationContext.arriving(from: "198.51.100.4")
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        #expect((before...after).contains(context.timeEpochMillis))
        #expect(context.sourceIP == "198.51.100.4")
        #expect(InvocationContext.arriving(from: "x").monotonicNanoseconds >= context.monotonicNanoseconds)
        #expect(context.requestId != InvocationContext.arriving(from: "x").requestId)
    }
}
