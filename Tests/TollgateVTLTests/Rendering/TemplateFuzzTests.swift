import Testing
import TollgateJSON
import TollgateVTL
import _TollgateTestSupport

/// Generated templates, most of them malformed: each must parse into a template or a positioned
/// `VTLError`, and render to text or a `VTLError`, never crash or hang; rendering twice gives the
/// same answer (a render's values live in memory it frees at its end).
@Suite struct TemplateFuzzTests {
    static let pieces = [
        // Text and punctuation.
        "a", " ", "\n", "{", "}", "\"", "'", ",", ":", "[", "]", "(", ")", "$", "#", "\\",
        // References and calls over every kind of value.
        "$a", "$!b", "${c}", "$s", "$l", "$m", "$m.k", "$m.n.x", "$l[0]", "$l[-1]", "$l[9]", "$m['k']",
        "$input.json('$')", "$input.json('$.a[0]')", "$input.json('$..b')", "$input.path('$.a')",
        "$input.path('$')", "$input.params()", "$input.params('h')", "$input.params().header",
        "$input.params().header.get('h')", "$input.body", "$input.json('bad[')",
        "$util.escapeJavaScript($s)", "$util.parseJson($input.body)", "$util.parseJson('[1,')",
        "$util.urlEncode($s)", "$util.urlDecode('%zz')", "$util.base64Decode('***')", "$util.base64Encode($s)",
        "$context.httpMethod", "$context.requestOverride.header.x", "$context.responseOverride.status",
        "$stageVariables.s", "$foreach.hasNext", "$foreach.index", "$foreach.parent", "$velocityCount",
        "$s.substring(1, 3)", "$s.substring(9)", "$s.split(',')", "$s.replaceAll('[a-b]', 'x')",
        "$s.replaceAll('(', 'x')", "$s.matches('.*')", "$s.length()", "$s.charAt(0)", "$s.indexOf('b')",
        "$m.keySet()", "$m.entrySet()", "$m.values()", "$m.size()", "$m.remove('k')", "$m.put($s, $l)",
        "$l.add($s)", "$l.remove(0)", "$l.subList(0, 1)", "$l.get(5)", "$l.contains($a)", "$l.size()",
        "$a.intValue()", "$d.toString()", "$e.key", "$e.value", "$x", "$p",
        // Directives.
        "#set($a = $s)", "#set($m = {\"k\": $l, \"n\": {\"x\": 1}})", "#set($l = [1, $s, 2.5, $m])",
        "#set($r = [1..5])", "#set($m.k = $a)", "#set($l[0] = 'z')", "#set($context.responseOverride.status = 404)",
        "#set($context.requestOverride.header.x = 'y')", "#set($s = \"$s$s\")", "#set($a = $a + 1)",
        "#if($a)", "#if($l.size() > 1 && $s)", "#elseif($m)", "#else", "#end", "#{end}",
        "#foreach($x in $l)", "#foreach($e in $m.entrySet())", "#foreach($i in [1..3])", "#break", "#stop",
        "#define($d)", "#macro(mm $p)", "#mm($s)", "#mm()", "#nope(", "## comment\n", "#* c *#", "#*",
        "#[[raw $a]]#", "\\$a", "\\#if", "#set(", "#if(", "#foreach($x $l)",
        // Expressions.
        "$a + 1", "$s + $l", "10 / 0", "-7 / 2", "2147483647 + 1", "$a == $s", "!$a", "$a < 'x'",
    ]

    static var bindings: VTLBindings {
        var bindings = VTLBindings(
            variables: ["a": 3, "s": "a,b,c", "l": [1, "two", 3.5], "m": ["k": "v", "n": ["x": [1, 2]]]],
            apiGateway: APIGatewayInput(
                body: #"{"a": [1, {"b": "c"}], "d": "e\u00e9"}"#,
                path: [("id", "7")],
                header: [("h", "header value"), ("Host", "example.com")],
                context: ["httpMethod": "POST", "stage": "prod"],
                stageVariables: [("s", "stage value")]
            )
        )
        bindings.variables["b"] = .null
        return bindings
    }

    @Test func generatedTemplatesParseAndRenderOrFailWithAnError() throws {
        var rng = SplitMix64(seed: 2026)
        let bindings = Self.bindings
        let limits = VTLLimits(maxOutputBytes: 1 << 16, maxSteps: 20_000, maxObjects: 2_000, maxMemoryBytes: 1 << 20)
        var rendered = 0
        for _ in 0..<3000 {
            var source = ""
            for _ in 0..<rng.below(24) { source += Self.pieces[rng.below(Self.pieces.count)] }
            let template: VTLTemplate
            do {
                template = try VTLTemplate(source, limits: limits)
            } catch {
                #expect(error.kind == .syntax || error.kind == .recursionLimit, "\(source.debugDescription)")
                #expect(error.line >= 1 && error.column >= 1, "\(source.debugDescription)")
                continue
            }
            let first = Result { () throws(VTLError) -> VTLOutput in try template.render(bindings) }
            let second = Result { () throws(VTLError) -> VTLOutput in try template.render(bindings) }
            switch (first, second) {
            case (.success(let a), .success(let b)):
                rendered += 1
                // A Java array prints its identity hash, which differs between renders.
                func stable(_ output: VTLOutput) -> String {
                    output.text.replacing(/\[Ljava\.lang\.String;@[0-9a-f]+/, with: "[Ljava.lang.String;@")
                }
                #expect(stable(a) == stable(b) && a.overrides == b.overrides, "\(source.debugDescription)")
            case (.failure(let a), .failure(let b)):
                #expect(a.kind == b.kind && a.message == b.message && !a.message.isEmpty, "\(source.debugDescription)")
            default:
                Issue.record("two renders disagree: \(source.debugDescription)")
            }
        }
        // Most generated templates render.
        #expect(rendered > 500)
    }
}
