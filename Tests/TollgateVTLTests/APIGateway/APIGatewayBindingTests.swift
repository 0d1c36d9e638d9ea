import Foundation
import Testing
import TollgateJSON
import TollgateVTL
import _TollgateTestSupport

/// `$input`, `$util`, `$context` and `$stageVariables` as docs/behaviour.md §1–4 describes them.
@Suite struct APIGatewayBindingTests {
    func render(_ template: String, _ input: APIGatewayInput = APIGatewayInput()) throws -> String {
        try VTLTemplate(template).render(VTLBindings(apiGateway: input)).text
    }

    func render(_ template: String, body: String) throws -> String {
        try render(template, APIGatewayInput(body: body))
    }

    /// Spec §1, "How `$input.path` results render" (observed on AWS).
    @Test(arguments: [
        (#"{"foo":"bar"}"#, "$r", "{foo=bar}"),
        (#"{"bigger":"dict","to":"test","with":"separators"}"#, "$r", "{bigger=dict, to=test, with=separators}"),
        (#"[{"foo":"bar"}]"#, "$r", #"[{"foo":"bar"}]"#),
        (#"{"foo":[{"nested":"bar"}]}"#, "$r", #"{foo=[{"nested":"bar"}]}"#),
        (#"[[{"foo":"bar"}]]"#, "$r[0]", #"[{"foo":"bar"}]"#),
        (#"[{"foo":"bar"}]"#, "$r[0]", "{foo=bar}"),
        (#"{"foo":"bar"}"#, "$r.toString()", "{foo=bar}"),
        (#"{"a":{"b":1.50,"c":[1,2.0,"x\"y"]}}"#, "$r", #"{a={b=1.5, c=[1,2.0,"x\"y"]}}"#),
    ])
    func pathRendering(body: String, expression: String, expected: String) throws {
        #expect(try render("#set($r = $input.path('$'))\(expression)", body: body) == expected)
    }

    @Test func missingAndNullPathsRenderEmptyAndEqualBothNullAndEmptyString() throws {
        let template = "#set($r = $input.path('$.listValue'))[$r][$r.nested]#if($r == $null)N#end#if($r == \"\")E#end"
        #expect(try render(template, body: "{}") == "[][]NE")
        #expect(try render(template, body: "") == "[][]NE")
        #expect(try render(template, body: #"{"listValue": null}"#) == "[][]NE")
        #expect(try render(template, body: #"{"listValue": []}"#) == "[[]][]")
    }

    @Test func bodyIsRawAndEmptyBodyIsBraces() throws {
        #expect(try render("Action=SendMessage&MessageBody=$input.body", body: "") == "Action=SendMessage&MessageBody={}")
        #expect(try render("$util.urlEncode($input.body)", body: "") == "%7B%7D")
        #expect(try render("$input.body", body: "some raw data") == "some raw data")
        #expect(try render("[$input.body.someProp]", body: #"{"someProp": 1}"#) == "[]")
    }

    @Test func jsonReturnsCompactJSONAndQuotesForMissing() throws {
        let body = #"{ "a" : [1, 2.50, {"b": "c/d\u00e9"}], "n": null }"#
        #expect(try render("$input.json('$')", body: body) == #"{"a":[1,2.5,{"b":"c/dé"}],"n":null}"#)
        #expect(try render("$input.json('$.a[2].b')", body: body) == #""c/dé""#)
        #expect(try render("$input.json('$.missing')", body: body) == #""""#)
        #expect(try render("$input.json('$')", body: "not json") == #""""#)
        #expect(try render("$input.json('$.a[*]')", body: body) == #"[1,2.5,{"b":"c/dé"}]"#)
        #expect(try render("$input.json('$.a').size()", body: body) == "")
        // The byte-level minifier's containers: empty, nested, and a repeated key (left to the
        // parser: the last value wins, in the first key's place).
        #expect(try render("$input.json('$')", body: #"[ [ [ ] ], { "x" : [ ] }, { } ]"#) == #"[[[]],{"x":[]},{}]"#)
        #expect(try render("$input.json('$')", body: #"{"a": 1, "b": 0, "a": 2}"#) == #"{"a":2,"b":0}"#)
        #expect(try render("$input.json('$')", body: "[1,]") == #""""#)
    }

    @Test func pathSizeAndCount() throws {
        let pets = try String(contentsOfFile: fixture("payloads/pets.json"), encoding: .utf8)
        #expect(try render("$input.path('$').size() $input.path('$').count() $input.path('$[0].type')", body: pets) == "3 3 dog")
        #expect(try render("$input.path('$[?(@.price < 200)].id')", body: pets) == "[2,3]")
        #expect(try render("#foreach($p in $input.path('$'))$p.id:$p.type #end", body: pets) == "1:dog 2:cat 3:fish ")
    }

    @Test func paramsSearchPathThenQueryThenHeader() throws {
        let input = APIGatewayInput(
            path: [("id", "p")],
            querystring: [("id", "q"), ("q", "2")],
            header: [("id", "h"), ("Accept", "*/*"), ("X-H", "v")]
        )
        #expect(try render("$input.params('id') $input.params('q') $input.params('X-H') [$input.params('none')]", input) == "p 2 v []")
        #expect(
            try render("$input.params().keySet() $input.params().header.keySet() $input.params().path", input)
                == "[path, querystring, header] [id, Accept, X-H] {id=p}"
        )
        #expect(try render("$input.params().querystring.get('q')", input) == "2")
        // Names compare as Java strings (code units): a decomposed é is another name.
        let accented = APIGatewayInput(querystring: [("caf\u{E9}", "composed")])
        #expect(try render("[$input.params('cafe\u{301}')] [$input.params('caf\u{E9}')]", accented) == "[] [composed]")
    }

    @Test func headersPassthroughFixture() throws {
        let template = try String(contentsOfFile: fixture("templates/headers-passthrough.vtl"), encoding: .utf8)
        let input = APIGatewayInput(
            body: #"{"x": 1}"#,
            header: [("Host", "example.com"), ("User-Agent", "curl/8.0 \"q\"")],
            context: ["httpMethod": "POST"]
        )
        // Whitespace as Apache Velocity 1.7 leaves it (checked with Tests/Oracles/VelocityOracle.java).
        let expected =
            "{\n    \"method\": \"POST\",\n    \"body\" : {\"x\":1},\n    \"headers\": {\n"
            + "                \"Host\": \"example.com\"\n        ,"
            + "                \"User-Agent\": \"curl\\/8.0 \\\"q\\\"\"\n"
            + "                    }\n}" + (template.hasSuffix("\n") ? "\n" : "")
        #expect(try render(template, input) == expected)
    }

    @Test func lambdaErrorFixtureParsesTheErrorMessage() throws {
        let template = try String(contentsOfFile: fixture("templates/lambda-error.vtl"), encoding: .utf8)
        let body = try String(contentsOfFile: fixture("payloads/lambda-error.json"), encoding: .utf8)
        #expect(
            try render(template, body: body) == """
                {
                  "type" : "InternalServerError",
                  "message" : "An unknown error has occurred. Please try again.",
                  "request-id" : "40cd9bf6-0819-11e6-98f3-415848322efb"
                }

                """
        )
    }

    /// Spec §2: the Commons Lang 2.6 escapeJavaScript table.
    @Test(arguments: [
        ("it's", #"it\'s"#),
        (#"say "hi" \ /path"#, #"say \"hi\" \\ \/path"#),
        ("a\nb\tc\r\u{8}\u{c}", #"a\nb\tc\r\b\f"#),
        ("\u{1}\u{1f}\u{7f}", "\\u0001\\u001F\u{7f}"),
        ("h\u{e9}llo \u{1F600}", #"h\u00E9llo \uD83D\uDE00"#),
        ("plain", "plain"),
    ])
    func escapeJavaScript(input: String, expected: String) throws {
        let output = try VTLTemplate("$util.escapeJavaScript($v)").render(VTLBindings(variables: ["v": .string(input)])).text
        #expect(output == expected)
    }

    /// The same table, applied per UTF-16 unit, against generated strings with the characters that need
    /// escaping at every offset (the escaper skips eight plain bytes at a time).
    @Test func escapeJavaScriptAgreesWithTheTableAtEveryOffset() throws {
        func reference(_ s: String) -> String {
            var out = ""
            for u in s.utf16 {
                switch u {
                case 0x08: out += #"\b"#
                case 0x09: out += #"\t"#
                case 0x0A: out += #"\n"#
                case 0x0C: out += #"\f"#
                case 0x0D: out += #"\r"#
                case 0x22, 0x27, 0x2F, 0x5C: out += "\\" + String(UnicodeScalar(UInt8(u)))
                case 0x20...0x7F: out += String(UnicodeScalar(UInt8(u)))
                default: out += "\\u" + String(repeating: "0", count: 4 - String(u, radix: 16).count) + String(u, radix: 16, uppercase: true)
                }
            }
            return out
        }
        let template = try VTLTemplate("$util.escapeJavaScript($v)")
        let pieces = ["a", "b", "Z", "0", " ", "\"", "'", "/", "\\", "\n", "\u{1}", "\u{7f}", "é", "€", "😀", "~"]
        var state: UInt64 = 7
        for _ in 0..<600 {
            var s = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 59) + Int(state >> 60 & 7) * 3
            for k in 0..<length {
                let r = Int((state >> UInt64(k % 40)) & 0xFF) &+ k * 7
                s += r % 5 == 0 ? pieces[r % pieces.count] : String(UnicodeScalar(UInt8(97 + r % 26)))
            }
            let output = try template.render(VTLBindings(variables: ["v": .string(s)])).text
            #expect(output == reference(s), "\(s.debugDescription)")
        }
    }

    @Test func urlEncodeDecodeAndBase64() throws {
        func util(_ call: String, _ value: String) throws -> String {
            try VTLTemplate("$util.\(call)($v)").render(VTLBindings(variables: ["v": .string(value)])).text
        }
        #expect(try util("urlEncode", #"{"some": "value"}"#) == "%7B%22some%22%3A+%22value%22%7D")
        #expect(try util("urlEncode", "a*b~c.d-e_f é") == "a*b%7Ec.d-e_f+%C3%A9")
        #expect(try util("urlDecode", "a+b%2Fc%C3%A9") == "a b/cé")
        #expect(throws: VTLError.self) { try util("urlDecode", "%zz") }
        #expect(try util("base64Encode", "hé?") == "aMOpPw==")
        #expect(try util("base64Decode", "aMOpPw==") == "hé?")
        #expect(throws: VTLError.self) { try util("base64Decode", "***") }
    }

    @Test func parseJsonNavigatesTheDocExample() throws {
        let body = #"{"errorMessage": "{\"key1\":\"var1\",\"key2\":{\"arr\":[1,2,3]}}"}"#
        #expect(try render("$util.parseJson($input.path('$.errorMessage')).key2.arr[0]", body: body) == "1")
        let error = #expect(throws: VTLError.self) { try render("$util.parseJson('{bad')") }
        #expect(error?.kind == .invalidArgument)
    }

    @Test func contextAndStageVariables() throws {
        let input = APIGatewayInput(
            context: ["httpMethod": "GET", "identity": ["sourceIp": "10.0.0.1"], "requestTimeEpoch": 1_553_114_310_423],
            stageVariables: [("env", "prod")]
        )
        #expect(
            try render("$context.httpMethod $context.identity.sourceIp $context.requestTimeEpoch [$context.nope]", input)
                == "GET 10.0.0.1 1553114310423 []"
        )
        #expect(try render("$stageVariables.env $stageVariables['env'] ${stageVariables['env']}", input) == "prod prod prod")
    }

    /// `$context` is converted member by member as a template reads it; what a template sees must
    /// not change: one object per member (a change through one reference shows through another),
    /// the whole map in its order, writes, methods, indexes.
    @Test func lazyContextBehavesAsOneMap() throws {
        let input = APIGatewayInput(
            context: [
                "httpMethod": "GET", "identity": ["sourceIp": "10.0.0.1", "user": nil], "requestTimeEpoch": 1_553_114_310_423,
                "tags": ["a", "b"],
            ]
        )
        let cases: [(String, String)] = [
            ("#set($a = $context.identity)#set($a.x = 1)$context.identity.x", "1"),
            ("#set($a = $context.identity)#set($a.x = 1)$context.identity", "{sourceIp=10.0.0.1, user=null, x=1}"),
            (
                "#set($a = $context.identity)#set($a.x = 1)$context",
                #"{httpMethod=GET, identity={sourceIp=10.0.0.1, user=null, x=1}, requestTimeEpoch=1553114310423, tags=["a","b"]}"#
            ),
            ("$context", #"{httpMethod=GET, identity={sourceIp=10.0.0.1, user=null}, requestTimeEpoch=1553114310423, tags=["a","b"]}"#),
            ("#set($l = $context.tags)#set($ok = $l.add('c'))$context.tags $context.tags.size()", #"["a","b","c"] 3"#),
            ("#set($context.extra = 'e')$context.extra $context.size()", "e 5"),
            ("#set($context.identity.sourceIp = '1.2.3.4')$context.identity.sourceIp", "1.2.3.4"),
            ("#foreach($k in $context.keySet())$k,#end", "httpMethod,identity,requestTimeEpoch,tags,"),
            ("$context['httpMethod'] $context.get('httpMethod') $context.httpMethod.length()", "GET GET 3"),
            ("#set($c = $context)$c.httpMethod $c.identity.sourceIp", "GET 10.0.0.1"),
            ("[$context.nope][$!context.nope][$context.identity.user]", "[][][]"),
            ("#if($context.httpMethod == 'GET')yes#end #if($context)ctx#end", "yes ctx"),
            ("#set($context = 'replaced')$context", "replaced"),
        ]
        for (template, expected) in cases {
            #expect(try render(template, input) == expected, "\(template)")
        }
    }

    @Test func overridesAreCollectedAndFinal() throws {
        let template = """
            #set($context.responseOverride.status = 400)
            #set($context.responseOverride.header.X-Reason = "bad")
            #set($context.requestOverride.header.X-Id = "7")
            #set($context.requestOverride.querystring.q = "a b")
            #set($context.requestOverride.path.id = 9)
            ok
            """
        let output = try VTLTemplate(template).render(VTLBindings(apiGateway: APIGatewayInput()))
        #expect(output.text == "ok")
        #expect(output.overrides.responseStatus == 400)
        #expect(output.overrides.responseHeaders == ["X-Reason": "bad"])
        #expect(output.overrides.requestHeaders == ["X-Id": "7"])
        #expect(output.overrides.requestQuerystring == ["q": "a b"])
        #expect(output.overrides.requestPath == ["id": "9"])

        let twice = #expect(throws: VTLError.self) {
            try render("#set($context.responseOverride.header.A = 1)#set($context.responseOverride.header.A = 2)")
        }
        #expect(twice?.kind == .overrideTwice)
        // A status outside 100...599 is ignored (docs/behaviour.md §3).
        let ignored = try VTLTemplate("#set($context.responseOverride.status = 999)").render(VTLBindings(apiGateway: APIGatewayInput()))
        #expect(ignored.overrides.responseStatus == nil)
    }

    @Test func templatesRenderConcurrently() async throws {
        let template = try VTLTemplate("#foreach($i in $input.path('$'))$i#end")
        try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<16 {
                group.addTask { try template.render(VTLBindings(apiGateway: APIGatewayInput(body: "[\(n), \(n)]"))).text }
            }
            var outputs: [String] = []
            for try await output in group { outputs.append(output) }
            #expect(Set(outputs) == Set((0..<16).map { "\($0)\($0)" }))
        }
    }
}

func fixture(_ path: String) -> String {
    Support.root
        .appendingPathComponent("Fixtures").appendingPathComponent(path).path
}

/// `$util.urlEncode`, which the gateway also uses for the query strings it sends, encodes as the
/// Foundation-based form encoding it replaced there (alphanumerics and `-._*` kept, space as `+`).
@Suite struct URLEncodeEquivalenceTests {
    @Test func urlEncodeMatchesTheFormEncodingItReplaced() throws {
        func formEncode(_ text: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._*")
            return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text).replacingOccurrences(of: "%20", with: "+")
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 -._~*+%&=é😀\u{7F}\t") + (0x20...0x7E).map { Character(UnicodeScalar($0)) }
        let template = try VTLTemplate("$util.urlEncode($s)")
        for _ in 0..<1_000 {
            let text = String((0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(try template.render(VTLBindings(variables: ["s": .string(text)])).text == formEncode(text), "\(text)")
        }
    }
}
