import Foundation

/// The `${…}` variables API Gateway replaces in a definition's integration and authorizer URIs: the
/// import variables `${AWS::Region}`, `${AWS::AccountId}` and `${AWS::Partition}` ("AWS variables for
/// OpenAPI import" in the developer guide), and `${stageVariables.name}` ("Amazon API Gateway stage
/// variables reference": in an HTTP integration's URL, a Lambda function's name or alias, an AWS
/// integration's URI). The stage is fixed when a ``Gateway`` is made, so both are replaced then.
enum DefinitionVariables {
    /// `text` with every variable replaced, and the first stage variable the stage does not define
    /// (left as written; a method that uses it answers 500).
    static func resolve(_ text: String, stage: Stage) -> (text: String, missing: String?) {
        guard text.contains("${") else { return (text, nil) }
        var out = ""
        var missing: String?
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close]
            let whole = rest[open.lowerBound...close]
            switch name {
            case "AWS::Region": out += stage.region
            case "AWS::AccountId": out += stage.accountId
            case "AWS::Partition": out += partition(of: stage.region)
            default:
                if name.hasPrefix("stageVariables.") {
                    let variable = name.dropFirst("stageVariables.".count)
                    if let value = stage.variables.first(where: { $0.0 == variable })?.1 {
                        out += value
                    } else {
                        out += whole
                        missing = missing ?? String(variable)
                    }
                } else {
                    out += whole
                }
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return (out, missing)
    }

    /// The partition a region is in (`aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`).
    static func partition(of region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }
}
