import Foundation
import Testing
import _TollgateFuzzing
import _TollgateTestSupport

/// Every input a fuzzing campaign found (a crash, a hang, a disagreement), replayed through its target
/// on every `make test`: `Fixtures/fuzz/<target>/<name>` (see `make fuzz`).
@Suite struct FuzzRegressionTests {
    static let root = Support.root
        .appendingPathComponent("Fixtures/fuzz")

    /// (target, file) for each recorded input.
    static let inputs: [String] = {
        let targets = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { FuzzHarness.targets[$0] != nil }
        return targets.sorted().flatMap { target in
            ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(target).path)) ?? []).sorted().map {
                "\(target)/\($0)"
            }
        }
    }()

    @Test(arguments: inputs)
    func replays(_ input: String) throws {
        let target = String(input.prefix { $0 != "/" })
        let run = try #require(FuzzHarness.targets[target], "no fuzz target \(target)")
        run(Array(try Data(contentsOf: Self.root.appendingPathComponent(input))))
    }

    /// Each target takes its seeds from Fixtures/ without trapping (the campaign's starting corpus).
    @Test(arguments: FuzzHarness.targets.keys.sorted())
    func seedsRun(_ target: String) throws {
        let fixtures = Self.root.deletingLastPathComponent()
        let run = try #require(FuzzHarness.targets[target])
        let files = FileManager.default.enumerator(atPath: fixtures.path)?.compactMap { $0 as? String }.filter { !$0.hasPrefix("fuzz/") } ?? []
        #expect(files.count > 10)
        for file in files.sorted() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: fixtures.appendingPathComponent(file).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            run(Array(try Data(contentsOf: fixtures.appendingPathComponent(file))))
        }
    }
}
