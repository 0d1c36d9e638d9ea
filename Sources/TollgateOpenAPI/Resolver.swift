import Foundation
import TollgateGateway
import TollgateJSON

/// Resolves a template's intrinsic functions ("Intrinsic function reference", "Pseudo parameters
/// reference" in the CloudFormation user guide).
struct Resolver {
    let document: JSONValue
    let parameters: [String: String]
    let region: String
    let accountId: String
    let baseDirectory: String?
    var conditions: [String: Bool] = [:]

    init(document: JSONValue, parameters: [String: String], region: String, accountId: String, baseDirectory: String? = nil) {
        self.document = document
        self.parameters = parameters
        self.region = region
        self.accountId = accountId
        self.baseDirectory = baseDirectory
    }

    /// The path of a local file a template names (relative to the template's directory). An S3 object
    /// (`s3://…`, `{Bucket, Key}`) is not read: the error says to name the local file.
    func localFile(_ value: JSONValue, at: String) throws(DefinitionError) -> String {
        guard let path = value.stringValue, !path.hasPrefix("s3://"), !path.hasPrefix("https://") else {
            throw DefinitionError(location: at, message: "an S3 object is not read: name the local file (as before `aws cloudformation package`)")
        }
        guard !path.hasPrefix("/"), let baseDirectory, !baseDirectory.isEmpty else { return path }
        return baseDirectory + "/" + path
    }

    /// What `Fn::GetAtt RestApi.RootResourceId` gives: a marker the loader knows as the root path.
    static func rootResource(_ apiId: String) -> String { "\(apiId)/root" }

    func resourceType(_ id: String) -> String? { document["Resources"]?[id]?["Type"]?.stringValue }

    /// `Ref` of a name: a parameter, a pseudo parameter, or a resource (its logical id).
    func ref(_ name: String, at: String) throws(DefinitionError) -> JSONValue {
        // A pseudo parameter is settable as a parameter (`--parameter AWS::StackName=orders`).
        if name.hasPrefix("AWS::"), let value = parameters[name] { return .string(value) }
        switch name {
        case "AWS::Region": return .string(region)
        case "AWS::AccountId": return .string(accountId)
        case "AWS::Partition": return "aws"
        case "AWS::StackName": return "tollgate"
        case "AWS::StackId": return .string("arn:aws:cloudformation:\(region):\(accountId):stack/tollgate/local")
        case "AWS::URLSuffix": return "amazonaws.com"
        case "AWS::NoValue": return .null
        default: break
        }
        if let value = parameters[name] { return .string(value) }
        if let declared = document["Parameters"]?[name] {
            if let value = declared["Default"] { return value }
            throw DefinitionError(location: at, message: "parameter \(name) has no Default: give it with --parameter \(name)=VALUE")
        }
        switch resourceType(name) {
        case "AWS::ApiGateway::Stage"?:
            // Ref of a Stage is its name ("AWS::ApiGateway::Stage return values").
            var copy = self
            let resolved = try copy.resolve(document["Resources"]?[name]?["Properties"]?["StageName"] ?? .string(name), at: at)
            return resolved
        case let type? where Self.serviceResources[type] != nil:
            var copy = self
            return .string(try copy.serviceAttribute(name, type: type, attribute: nil, at: at))
        case _?: return .string(name)
        case nil: break
        }
        // SAM's referable properties: `MyApi.Stage` is the API's stage name ("Referenceable properties"
        // in the SAM developer guide).
        if name.hasSuffix(".Stage"), resourceType(String(name.dropLast(6))) == "AWS::Serverless::Api" {
            var copy = self
            let api = String(name.dropLast(6))
            return try copy.resolve(document["Resources"]?[api]?["Properties"]?["StageName"] ?? .string(name), at: at)
        }
        throw DefinitionError(location: at, message: "Ref to \(name), which is no parameter or resource of the template")
    }

    /// `Fn::GetAtt [Resource, Attribute]`.
    func getAtt(_ resource: String, _ attribute: String, at: String) throws(DefinitionError) -> JSONValue {
        switch (resourceType(resource), attribute) {
        case ("AWS::ApiGateway::RestApi"?, "RootResourceId"): return .string(Self.rootResource(resource))
        case ("AWS::Lambda::Function"?, "Arn"), ("AWS::Serverless::Function"?, "Arn"):
            return .string("arn:aws:lambda:\(region):\(accountId):function:\(resource)")
        case (let type?, _) where Self.serviceResources[type]?.attributes[attribute] != nil:
            var copy = self
            return .string(try copy.serviceAttribute(resource, type: type, attribute: attribute, at: at))
        case (_?, "Arn"): return .string("arn:aws:local:\(region):\(accountId):\(resource)")
        case (nil, _): throw DefinitionError(location: at, message: "Fn::GetAtt of \(resource), which is no resource of the template")
        default: return .string("\(resource).\(attribute)")
        }
    }

    /// What `Ref` (attribute nil) and `Fn::GetAtt` give for the AWS resources service integrations name,
    /// as each resource's "Return values" in the CloudFormation user guide lists them. The physical
    /// name is the resource's name property when it has one, else its logical id (CloudFormation would
    /// generate one: create the resource under the logical id on LocalStack or moto, or name it).
    struct ServiceResource {
        /// The property that names the resource, if any.
        var nameProperty: String?
        /// What `Ref` gives, from the name.
        var ref: Kind
        /// `Fn::GetAtt` attributes.
        var attributes: [String: Kind]
        enum Kind {
            case name
            case arn(String)
            case queueURL, lowercasedName
        }
    }

    static let serviceResources: [String: ServiceResource] = [
        "AWS::DynamoDB::Table": ServiceResource(
            nameProperty: "TableName",
            ref: .name,
            attributes: [
                "Arn": .arn("arn:aws:dynamodb:{region}:{account}:table/{name}"),
                "StreamArn": .arn("arn:aws:dynamodb:{region}:{account}:table/{name}/stream/local"),
            ]
        ),
        "AWS::Serverless::SimpleTable": ServiceResource(nameProperty: "TableName", ref: .name, attributes: [:]),
        "AWS::SQS::Queue": ServiceResource(
            nameProperty: "QueueName",
            ref: .queueURL,
            attributes: ["Arn": .arn("arn:aws:sqs:{region}:{account}:{name}"), "QueueName": .name, "QueueUrl": .queueURL]
        ),
        "AWS::SNS::Topic": ServiceResource(
            nameProperty: "TopicName",
            ref: .arn("arn:aws:sns:{region}:{account}:{name}"),
            attributes: ["TopicArn": .arn("arn:aws:sns:{region}:{account}:{name}"), "TopicName": .name]
        ),
        "AWS::StepFunctions::StateMachine": stateMachine(nameProperty: "StateMachineName"),
        "AWS::Serverless::StateMachine": stateMachine(nameProperty: "Name"),
        "AWS::S3::Bucket": ServiceResource(
            nameProperty: "BucketName",
            ref: .lowercasedName,
            attributes: [
                "Arn": .arn("arn:aws:s3:::{name}"), "DomainName": .arn("{name}.s3.amazonaws.com"),
                "RegionalDomainName": .arn("{name}.s3.{region}.amazonaws.com"),
            ]
        ),
        "AWS::Kinesis::Stream": ServiceResource(
            nameProperty: "Name",
            ref: .name,
            attributes: ["Arn": .arn("arn:aws:kinesis:{region}:{account}:stream/{name}")]
        ),
        "AWS::KinesisFirehose::DeliveryStream": ServiceResource(
            nameProperty: "DeliveryStreamName",
            ref: .name,
            attributes: ["Arn": .arn("arn:aws:firehose:{region}:{account}:deliverystream/{name}")]
        ),
        "AWS::Events::EventBus": ServiceResource(
            nameProperty: "Name",
            ref: .name,
            attributes: ["Arn": .arn("arn:aws:events:{region}:{account}:event-bus/{name}"), "Name": .name]
        ),
        "AWS::IAM::Role": ServiceResource(
            nameProperty: "RoleName",
            ref: .name,
            attributes: ["Arn": .arn("arn:aws:iam::{account}:role/{name}"), "RoleId": .name]
        ),
    ]

    /// A state machine, plain or SAM's: `Ref` and `Arn` its ARN.
    static func stateMachine(nameProperty: String) -> ServiceResource {
        let arn = ServiceResource.Kind.arn("arn:aws:states:{region}:{account}:stateMachine:{name}")
        return ServiceResource(nameProperty: nameProperty, ref: arn, attributes: ["Arn": arn, "Name": .name])
    }

    /// A service resource's `Ref` (attribute nil) or attribute.
    mutating func serviceAttribute(_ resource: String, type: String, attribute: String?, at: String) throws(DefinitionError) -> String {
        guard let spec = Self.serviceResources[type] else { return resource }
        var name = resource
        if let property = spec.nameProperty, let declared = document["Resources"]?[resource]?["Properties"]?[property] {
            name = try resolve(declared, at: at).stringValue ?? resource
        }
        let kind = attribute.flatMap { spec.attributes[$0] } ?? spec.ref
        switch kind {
        case .name: return name
        case .lowercasedName: return name.lowercased()
        case .queueURL: return "https://sqs.\(region).amazonaws.com/\(accountId)/\(name)"
        case .arn(let pattern):
            let bucket = type == "AWS::S3::Bucket" ? name.lowercased() : name
            return pattern.replacingOccurrences(of: "{region}", with: region).replacingOccurrences(of: "{account}", with: accountId)
                .replacingOccurrences(of: "{name}", with: bucket)
        }
    }

    mutating func condition(_ name: String, at: String) throws(DefinitionError) -> Bool {
        if let known = conditions[name] { return known }
        guard let expression = document["Conditions"]?[name] else { throw DefinitionError(location: at, message: "no condition named \(name)") }
        let value = try truth(resolve(expression, at: "/Conditions/\(name)"), at: "/Conditions/\(name)")
        conditions[name] = value
        return value
    }

    func truth(_ value: JSONValue, at: String) throws(DefinitionError) -> Bool {
        if case .bool(let b) = value { return b }
        if case .string(let s) = value { return s == "true" }
        throw DefinitionError(location: at, message: "a condition is not a boolean")
    }

    /// `value` with every intrinsic function replaced by its value.
    mutating func resolve(_ value: JSONValue, at: String, depth: Int = 0) throws(DefinitionError) -> JSONValue {
        guard depth < 100 else { throw DefinitionError(location: at, message: "intrinsic functions nested too deep") }
        switch value {
        case .array(let items):
            var out: [JSONValue] = []
            for (i, item) in items.enumerated() {
                let resolved = try resolve(item, at: at + "/\(i)", depth: depth + 1)
                if !resolved.isNull || item.isNull { out.append(resolved) }
            }
            return .array(out)
        case .object(let object):
            if object.count == 1, let (name, argument) = object.first, name == "Ref" || name.hasPrefix("Fn::") || name == "Condition" {
                return try function(name, argument, at: at + "/" + name, depth: depth)
            }
            var out = JSONObject()
            for (key, member) in object {
                let resolved = try resolve(
                    member,
                    at: at + "/" + JSONPointer.escape(key),
                    depth: depth + 1
                )
                if !resolved.isNull || member.isNull { out[key] = resolved }
            }
            return .object(out)
        default: return value
        }
    }

    mutating func function(_ name: String, _ argument: JSONValue, at: String, depth: Int) throws(DefinitionError) -> JSONValue {
        let arg = try resolve(argument, at: at, depth: depth + 1)
        func strings(_ value: JSONValue) -> [String]? {
            value.arrayValue.flatMap { items in
                let texts = items.compactMap(\.stringValue)
                return texts.count == items.count ? texts : nil
            }
        }
        switch name {
        case "Ref":
            guard let target = arg.stringValue else { throw DefinitionError(location: at, message: "Ref takes a name") }
            return try ref(target, at: at)
        case "Condition":
            guard let target = arg.stringValue else { throw DefinitionError(location: at, message: "Condition takes a name") }
            return .bool(try condition(target, at: at))
        case "Fn::GetAtt":
            let parts = strings(arg) ?? arg.stringValue.map { $0.split(separator: ".", maxSplits: 1).map(String.init) } ?? []
            guard parts.count == 2 else { throw DefinitionError(location: at, message: "Fn::GetAtt takes [Resource, Attribute]") }
            return try getAtt(parts[0], parts[1], at: at)
        case "Fn::Sub":
            var text: String
            var variables = JSONObject()
            if let plain = arg.stringValue {
                text = plain
            } else if case .array(let items) = arg, items.count == 2, let template = items[0].stringValue, case .object(let vars) = items[1] {
                text = template
                variables = vars
            } else {
                throw DefinitionError(location: at, message: "Fn::Sub takes a string or [string, {variables}]")
            }
            return .string(try substitute(&text, variables: variables, at: at))
        case "Fn::Join":
            guard case .array(let items) = arg, items.count == 2, let separator = items[0].stringValue, case .array(let list) = items[1] else {
                throw DefinitionError(location: at, message: "Fn::Join takes [separator, [values]]")
            }
            return .string(list.map { $0.stringValue ?? $0.serialized() }.joined(separator: separator))
        case "Fn::Select":
            guard case .array(let items) = arg, items.count == 2,
                let index = items[0].numberValue?.int64Value ?? items[0].stringValue.flatMap({ Int64($0) }),
                case .array(let list) = items[1], index >= 0, index < list.count
            else { throw DefinitionError(location: at, message: "Fn::Select takes [index, [values]] with the index in range") }
            return list[Int(index)]
        case "Fn::Split":
            guard let parts = strings(arg), parts.count == 2 else {
                throw DefinitionError(location: at, message: "Fn::Split takes [separator, string]")
            }
            return .array(parts[1].components(separatedBy: parts[0]).map(JSONValue.string))
        case "Fn::If":
            guard case .array(let items) = argument, items.count == 3, let condition = items[0].stringValue else {
                throw DefinitionError(location: at, message: "Fn::If takes [condition, then, else]")
            }
            return try resolve(try self.condition(condition, at: at) ? items[1] : items[2], at: at, depth: depth + 1)
        case "Fn::Equals":
            guard case .array(let items) = arg, items.count == 2 else { throw DefinitionError(location: at, message: "Fn::Equals takes two values") }
            return .bool(items[0] == items[1])
        case "Fn::Not":
            guard case .array(let items) = arg, items.count == 1 else { throw DefinitionError(location: at, message: "Fn::Not takes [condition]") }
            return .bool(!(try truth(items[0], at: at)))
        case "Fn::And", "Fn::Or":
            guard case .array(let items) = arg else { throw DefinitionError(location: at, message: "\(name) takes a list of conditions") }
            var values: [Bool] = []
            for item in items { values.append(try truth(item, at: at)) }
            return .bool(name == "Fn::And" ? values.allSatisfy { $0 } : values.contains(true))
        case "Fn::Transform":
            // "AWS::Include transform": the file's contents in place, their intrinsics resolved.
            guard arg["Name"]?.stringValue == "AWS::Include", let location = arg["Parameters"]?["Location"] else {
                throw DefinitionError(location: at, message: "only the AWS::Include transform (with Parameters.Location) is applied")
            }
            let path = try localFile(location, at: at + "/Parameters/Location")
            let included = try OpenAPILoader.parse(try OpenAPILoader.text(contentsOf: path))
            return try resolve(included, at: at, depth: depth + 1)
        case "Fn::Base64":
            return .string(Data((arg.stringValue ?? "").utf8).base64EncodedString())
        default:
            throw DefinitionError(location: at, message: "\(name) cannot be resolved locally")
        }
    }

    /// `${Name}`, `${Resource.Attribute}` and `${!Literal}` in a `Fn::Sub` string.
    func substitute(_ text: inout String, variables: JSONObject, at: String) throws(DefinitionError) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                out += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[open.upperBound..<close])
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
            } else if let value = variables[name] {
                out += value.stringValue ?? value.serialized()
            } else if let dot = name.firstIndex(of: "."), resourceType(String(name[..<dot])) != nil {
                out += try getAtt(String(name[..<dot]), String(name[name.index(after: dot)...]), at: at).stringValue ?? ""
            } else if name.hasPrefix("stageVariables.") {
                // API Gateway's own variables pass through for the gateway to replace.
                out += "${" + name + "}"
            } else {
                let value = try ref(name, at: at)
                out += value.stringValue ?? value.serialized()
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}
