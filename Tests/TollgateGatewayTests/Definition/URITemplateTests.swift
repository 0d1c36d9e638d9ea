import Foundation
import Testing
import TollgateGateway

/// Endpoint URIs with placeholders, found once and filled per request.
@Suite struct URITemplateTests {
    @Test(
        arguments: [
            ("https://b.example/items/{id}", [("id", "7")], "https://b.example/items/7"),
            ("https://b.example/{a}/{b}/{a}", [("a", "x"), ("b", "y")], "https://b.example/x/y/x"),
            ("https://b.example/{proxy+}", [("proxy", "a/b c")], "https://b.example/a/b%20c"),
            ("https://b.example/{missing}/{id}", [("id", "1")], "https://b.example/{missing}/1"),
            ("https://b.example/{}/{id}?x={id}", [("id", "é/?")], "https://b.example/{}/%C3%A9/%3F?x=%C3%A9/%3F"),
            ("https://b.example/{open", [("open", "v")], "https://b.example/{open"),
            ("https://b.example/{a{b}", [("b", "v")], "https://b.example/{av"),
            ("no placeholders", [], "no placeholders"),
            ("", [("id", "1")], ""),
        ] as [(String, [(String, String)], String)]
    )
    func placeholdersAreFilledAndEncoded(uri: String, values: [(String, String)], expected: String) {
        #expect(URITemplate(uri).expand(values, encode: URITemplate.encodePath) == expected)
    }

    @Test func queryPresenceIsKnown() {
        #expect(URITemplate("https://b.example/x?y=1").hasQuery)
        #expect(!URITemplate("https://b.example/{x}").hasQuery)
    }

    /// The path encoding is Foundation's `.urlPathAllowed` percent-encoding, byte for byte.
    @Test func pathEncodingMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 -._~!$&'()*+,;=:@/?#[]%\"<>\\^`{|}é😀\u{7F}\t\n") + (0x20...0x7E).map { Character(UnicodeScalar($0)) }
        for _ in 0..<2_000 {
            let text = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(URITemplate.encodePath(text) == text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed), "\(text)")
        }
    }
}
