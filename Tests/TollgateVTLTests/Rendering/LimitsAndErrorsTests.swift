import Testing
import TollgateJSON
import TollgateVTL

/// Parse errors carry line and column; every runaway hits a limit with a typed error.
@Suite struct LimitsAndErrorsTests {
    func parseError(_ template: String) -> VTLError? {
        #expect(throws: VTLError.self) { try VTLTemplate(template) }
    }

    @Test(arguments: [
        ("#if($a)\nx", 1, 1),
        ("ok\n  #end", 2, 3),
        ("a\n#set($a = )", 2, 11),
        ("#foreach($i $list)#end", 1, 13),
        ("x #* open", 1, 3),
        ("$s.length(", 1, 11),
        ("#[[ open", 1, 1),
        ("\n\n  #else", 3, 3),
        ("#parse('x.vtl')", 1, 1),
        ("#set($a = \"x)", 1, 11),
    ])
    func syntaxErrorsHavePositions(template: String, line: Int, column: Int) throws {
        let error = try #require(parseError(template))
        #expect(error.kind == .syntax)
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(!error.message.isEmpty)
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let error = try #require(parseError("é€😀 #set(x)"))
        #expect(error.line == 1 && error.column == 10)
    }

    @Test func foreachStopsPastOneThousandIterations() throws {
        #expect(try VTLTemplate("#foreach($i in [1..1000])#end$i.").render().text == ".")
        let error = #expect(throws: VTLError.self) { try VTLTemplate("\n  #foreach($i in [1..1001])#end").render() }
        #expect(error?.kind == .loopLimit)
        #expect(error?.line == 2 && error?.column == 3)
        let custom = try VTLTemplate("#foreach($i in [1..5])$i#end", limits: VTLLimits(maxLoopIterations: 5)).render().text
        #expect(custom == "12345")
    }

    @Test func collectionsMadeInOneRenderAreCapped() throws {
        // Nested loops making a map each: 40 x 40 maps, plus the range lists.
        let source = "#foreach($i in [1..40])#foreach($j in [1..40])#set($m = {\"i\": $i})#end#end$m.i"
        #expect(try VTLTemplate(source).render().text == "40")
        let error = #expect(throws: VTLError.self) { try VTLTemplate(source, limits: VTLLimits(maxObjects: 1_000)).render() }
        #expect(error?.kind == .memoryLimit)
        // A string doubled in a loop: every step stays alive until the render ends.
        let doubling = "#set($s = 'ab')#foreach($i in [1..30])#set($s = \"$s$s\")#end$s.length()"
        let big = #expect(throws: VTLError.self) { try VTLTemplate(doubling, limits: VTLLimits(maxMemoryBytes: 1 << 20)).render() }
        #expect(big?.kind == .memoryLimit)
        #expect(try VTLTemplate("#set($s = 'ab')#foreach($i in [1..10])#set($s = \"$s$s\")#end$s.length()").render().text == "2048")
    }

    @Test func templateSizeIsCapped() throws {
        let big = String(repeating: "x", count: 300 * 1024 + 1)
        let error = #expect(throws: VTLError.self) { try VTLTemplate(big) }
        #expect(error?.kind == .templateTooLarge)
        #expect(try VTLTemplate(String(big.dropLast())).render().text.utf8.count == 300 * 1024)
    }

    @Test func outputSizeIsCapped() throws {
        let template = try VTLTemplate(
            "#set($s = \"xxxxxxxxxx\")#foreach($i in [1..1000])$s$s$s$s$s$s$s$s$s$s#end",
            limits: VTLLimits(maxOutputBytes: 50_000)
        )
        let error = #expect(throws: VTLError.self) { try template.render() }
        #expect(error?.kind == .outputTooLarge)
    }

    /// Text alone is not checked node by node: `#foreach` checks each iteration, and the end of the
    /// render checks the rest.
    @Test func textOnlyOutputIsCappedToo() throws {
        let loop = try VTLTemplate("#foreach($i in [1..1000])0123456789#end", limits: VTLLimits(maxOutputBytes: 5_000))
        #expect((#expect(throws: VTLError.self) { try loop.render() })?.kind == .outputTooLarge)
        let plain = try VTLTemplate(String(repeating: "x", count: 5_001), limits: VTLLimits(maxOutputBytes: 5_000))
        #expect((#expect(throws: VTLError.self) { try plain.render() })?.kind == .outputTooLarge)
        #expect(try VTLTemplate(String(repeating: "x", count: 5_000), limits: VTLLimits(maxOutputBytes: 5_000)).render().text.count == 5_000)
        let nested = try VTLTemplate(
            "#foreach($a in [1..1000])#foreach($b in [1..1000])#foreach($c in [1..1000])x#end#end#end",
            limits: VTLLimits(maxSteps: 100_000)
        )
        #expect((#expect(throws: VTLError.self) { try nested.render() })?.kind == .stepLimit)
    }

    @Test func macroRecursionIsCapped() throws {
        let error = #expect(throws: VTLError.self) { try VTLTemplate("#macro(r $n)#r($n)#end#r(1)").render() }
        #expect(error?.kind == .recursionLimit)
        let define = #expect(throws: VTLError.self) { try VTLTemplate("#define($d)$d#end$d").render() }
        #expect(define?.kind == .recursionLimit)
    }

    @Test func stepsAreCapped() throws {
        // Nested loops stay under 1,000 iterations each but run a million bodies.
        let template = try VTLTemplate(
            "#foreach($a in [1..1000])#foreach($b in [1..1000])#set($x = $a)#end#end",
            limits: VTLLimits(maxSteps: 100_000)
        )
        let error = #expect(throws: VTLError.self) { try template.render() }
        #expect(error?.kind == .stepLimit)
        let range = #expect(throws: VTLError.self) { try VTLTemplate("#set($r = [1..2000000000])").render() }
        #expect(range?.kind == .stepLimit)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let ifs = String(repeating: "#if(true)", count: 5000) + String(repeating: "#end", count: 5000)
        #expect(parseError(ifs)?.kind == .recursionLimit)
        let parens = "#set($a = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + ")"
        #expect(parseError(parens)?.kind == .recursionLimit)
        let lists = "#set($a = " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + ")"
        #expect(parseError(lists)?.kind == .recursionLimit)
    }

    @Test func methodsThatThrowInJavaAreErrors() throws {
        let bindings = VTLBindings(variables: ["s": "abc", "l": [1]])
        for template in ["$s.substring(5)", "$s.charAt(-1)", "$l.get(3)", "$l[3]", "$s.matches('(')", "$s.replaceAll('b', '$9')"] {
            let error = #expect(throws: VTLError.self, "\(template)") { try VTLTemplate(template).render(bindings) }
            #expect(error?.kind == .methodInvocation)
            #expect(error?.line == 1 && error?.column == 1)
        }
    }

    @Test func badJSONPathIsAnError() throws {
        let error = #expect(throws: VTLError.self) {
            try VTLTemplate("$input.path('$[?(@.a ==')").render(VTLBindings(apiGateway: APIGatewayInput(body: "{}")))
        }
        #expect(error?.kind == .invalidArgument)
    }
}
