import HTTPTypes
import Testing
import TollgateGateway

/// `HTTPFields.value(_:)` reads a header as HTTPTypes' subscript does.
@Suite struct HTTPFieldsValueTests {
    @Test func matchesTheSubscript() {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .accept, value: "a/b"))
        fields.append(HTTPField(name: HTTPField.Name("X-Rep")!, value: "1"))
        fields.append(HTTPField(name: HTTPField.Name("x-rep")!, value: "2"))
        fields.append(HTTPField(name: .cookie, value: "a=1"))
        fields.append(HTTPField(name: .cookie, value: "b=2"))
        for name in [HTTPField.Name.accept, HTTPField.Name("X-REP")!, .cookie, .contentType] {
            #expect(fields.value(name) == fields[name], "\(name)")
        }
        #expect(fields.value(HTTPField.Name("x-rep")!) == "1, 2")
        #expect(fields.value(.cookie) == "a=1; b=2")
        #expect(fields.value(.contentType) == nil)
    }
}
