import Foundation
public import TollgateAuth

/// Where AWS service integrations go and what they sign with, found as the AWS SDKs find them ("AWS
/// SDKs and Tools Reference Guide"): credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
/// `AWS_SESSION_TOKEN`, else from the profile `AWS_PROFILE` names (`default`) in the shared credentials
/// file (`AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/credentials`) or the config file (`AWS_CONFIG_FILE`,
/// `~/.aws/config`); endpoints from `AWS_ENDPOINT_URL_<SERVICE>` (the SDK's service id, upper case,
/// spaces as underscores: `AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SFN`), then `AWS_ENDPOINT_URL`,
/// unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`; else the service's public endpoint. A role in an
/// integration's `credentials` is not assumed: requests are signed with these credentials.
public struct AWSServiceAccess: Sendable {
    /// The credentials, or why there are none (answered at request time as a configuration error).
    public var credentials: Result<IAMCredential, AWSCredentialsUnavailable>
    /// Endpoint URLs by service key (``serviceKey(_:)``); the key `""` is the one for every service.
    public var endpoints: [String: String]

    /// Access with these credentials and endpoints by service.
    public init(credentials: Result<IAMCredential, AWSCredentialsUnavailable>, endpoints: [String: String] = [:]) {
        self.credentials = credentials
        self.endpoints = endpoints
    }

    /// Credentials and endpoints from this process's environment and the shared files it points at.
    public static func fromEnvironment() -> AWSServiceAccess { fromEnvironment(ProcessInfo.processInfo.environment) }

    /// Credentials and endpoints from `environment` and the shared files it points at.
    public static func fromEnvironment(_ environment: [String: String]) -> AWSServiceAccess {
        var endpoints: [String: String] = [:]
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() != "true" {
            for (name, value) in environment where !value.isEmpty {
                if name == "AWS_ENDPOINT_URL" {
                    endpoints[""] = value
                } else if name.hasPrefix("AWS_ENDPOINT_URL_") {
                    endpoints[String(name.dropFirst("AWS_ENDPOINT_URL_".count))] = value
                }
            }
        }
        return AWSServiceAccess(credentials: credentials(environment), endpoints: endpoints)
    }

    /// The first credentials the SDKs' chain finds in the environment and the shared files.
    static func credentials(_ environment: [String: String]) -> Result<IAMCredential, AWSCredentialsUnavailable> {
        if let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"], !key.isEmpty, !secret.isEmpty {
            return .success(
                IAMCredential(
                    accessKeyId: key,
                    secretAccessKey: secret,
                    sessionToken: environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
                )
            )
        }
        let profile = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        let home = environment["HOME"] ?? NSHomeDirectory()
        let files = [
            (environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home + "/.aws/credentials", profile),
            // The config file names a profile other than the default `[profile NAME]`.
            (environment["AWS_CONFIG_FILE"] ?? home + "/.aws/config", profile == "default" ? "default" : "profile " + profile),
        ]
        for (path, section) in files {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let values = SharedConfigFile.section(section, in: text)
            if let key = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] {
                return .success(IAMCredential(accessKeyId: key, secretAccessKey: secret, sessionToken: values["aws_session_token"]))
            }
        }
        return .failure(AWSCredentialsUnavailable(profile: profile))
    }

    /// `--aws-endpoint` values: `URL` for every service, `SERVICE=URL` for one (the URI's service name,
    /// `dynamodb`, `states`, or the SDK's id, `SFN`), over the environment's.
    public mutating func addEndpoints(_ values: [String]) {
        for value in values {
            if let equals = value.firstIndex(of: "="), !value[..<equals].contains(":") {
                endpoints[Self.serviceKey(String(value[..<equals]))] = String(value[value.index(after: equals)...])
            } else {
                endpoints[""] = value
            }
        }
    }

    /// The endpoint URL for `service` (as an integration URI names it), nil for its public endpoint.
    public func endpoint(for service: String) -> String? {
        endpoints[Self.serviceKey(service)] ?? endpoints[""]
    }

    /// A service's key in `AWS_ENDPOINT_URL_<KEY>`: the SDK's service id for the names integration URIs
    /// use, else the name in upper case with `-` as `_`.
    public static func serviceKey(_ service: String) -> String {
        let upper = service.uppercased().replacingOccurrences(of: "-", with: "_")
        return sdkServiceIds[service.lowercased()] ?? upper
    }

    /// Integration URI names whose SDK service id differs from the name.
    static let sdkServiceIds = [
        "states": "SFN", "events": "EVENTBRIDGE", "logs": "CLOUDWATCH_LOGS", "monitoring": "CLOUDWATCH", "email": "SES",
        "appsync-api": "APPSYNC", "secretsmanager": "SECRETS_MANAGER", "execute-api": "API_GATEWAY",
    ]
}

/// No AWS credentials were found.
public struct AWSCredentialsUnavailable: Error, Sendable, CustomStringConvertible {
    /// The profile named by `AWS_PROFILE` (or `default`).
    public var profile: String
    /// Why there are no credentials, and how to give them.
    public var description: String {
        "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile \(profile) aws_access_key_id and aws_secret_access_key in ~/.aws/credentials (AWS_PROFILE chooses the profile)"
    }
}

/// The AWS shared config and credentials files: INI sections of `key = value` lines.
enum SharedConfigFile {
    /// The keys of section `[name]` (keys lower case, values trimmed); the last section of that name wins.
    static func section(_ name: String, in text: String) -> [String: String] {
        var values: [String: String] = [:]
        var inSection = false
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                let section = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                inSection = section == name
                if inSection { values = [:] }
                continue
            }
            guard inSection, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            values[key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}
