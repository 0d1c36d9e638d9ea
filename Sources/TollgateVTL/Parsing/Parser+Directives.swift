import TollgateJSON
import TollgateJavaRegex

/// The block directives: `#set`, `#if`/`#elseif`/`#else`, `#foreach` and `#macro`, each to its `#end`.
extension Parser {
    mutating func block(closing directive: String, at start: Int) throws(VTLError) -> Frozen<Node> {
        let (body, terminator, at) = try parseNodes()
        switch terminator {
        case .end: return arena.freeze(body)
        case .endOfInput: throw error("\(directive) has no matching #end", at: start)
        case .elseBranch, .elseIf: throw error("#else inside \(directive)", at: at)
        }
    }

    mutating func setDirective() throws(VTLError) -> Node {
        try expect("(", "\"(\"")
        skipWhitespace()
        guard peek() == UInt8(ascii: "$"), let target = try reference() else {
            throw error("Encountered \(describeNext()) ; #set needs a $reference on the left")
        }
        try expect("=", "\"=\"")
        let value = try expression()
        try expect(")", "\")\"")
        swallowLineEnd()
        return .set(arena.keep(SetNode(target: arena.keep(target), value: value)))
    }

    mutating func ifDirective() throws(VTLError) -> Node {
        let start = index
        try expect("(", "\"(\"")
        var condition = try expression()
        try expect(")", "\")\"")
        swallowLineEnd()
        var branches: [(Expression, Frozen<Node>)] = []
        while true {
            let (body, terminator, _) = try parseNodes()
            branches.append((condition, arena.freeze(body)))
            switch terminator {
            case .end: return .ifChain(arena.keep(IfNode(branches: arena.freeze(branches), otherwise: nil)))
            case .elseIf(let next): condition = next
            case .elseBranch:
                let otherwise = try block(closing: "#else", at: start)
                return .ifChain(arena.keep(IfNode(branches: arena.freeze(branches), otherwise: otherwise)))
            case .endOfInput: throw error("#if has no matching #end", at: start - 3)
            }
        }
    }

    mutating func foreachDirective(at start: Int) throws(VTLError) -> Node {
        try expect("(", "\"(\"")
        skipWhitespace()
        guard peek() == UInt8(ascii: "$") else { throw error("Encountered \(describeNext()) ; #foreach needs a $variable") }
        index += 1
        if peek() == UInt8(ascii: "!") { index += 1 }
        let braced = peek() == UInt8(ascii: "{")
        if braced { index += 1 }
        guard let name = identifier() else { throw error("#foreach needs a $variable") }
        if braced { try expect("}", "\"}\"") }
        skipWhitespace()
        guard peek() == UInt8(ascii: "i"), peek(1) == UInt8(ascii: "n"), !Self.isIdentifierPart(peek(2)) else {
            throw error("Encountered \(describeNext()) ; was expecting \"in\"")
        }
        index += 2
        let iterable = try expression()
        try expect(")", "\")\"")
        swallowLineEnd()
        let variable = variable(name)
        let body = try block(closing: "#foreach", at: start)
        return .foreach(arena.keep(ForeachNode(variable: variable, iterable: iterable, body: body, position: position(start))))
    }

    mutating func macroDefinition(at start: Int) throws(VTLError) {
        try expect("(", "\"(\"")
        skipWhitespace()
        guard let name = identifier() else { throw error("#macro needs a name") }
        var parameters: [Int] = []
        while true {
            skipWhitespace()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if peek() == UInt8(ascii: ")") { break }
            guard peek() == UInt8(ascii: "$") else { throw error("Encountered \(describeNext()) ; #macro parameters are $names") }
            index += 1
            guard let parameter = identifier() else { throw error("#macro parameters are $names") }
            parameters.append(variable(parameter))
        }
        index += 1
        swallowLineEnd()
        let body = try block(closing: "#macro", at: start)
        macros[name] = Macro(parameters: parameters, body: body)
    }
}
