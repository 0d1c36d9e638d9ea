import Foundation
import NIOSSL
public import PostgresNIO

/// A connection string as libpq and `psql` take it, `postgres://user:password@host:port/database`,
/// turned into postgres-nio's client configuration. `sslmode` is `disable`, `prefer` (the default,
/// as libpq's) or `require`; the password may also come from `PGPASSWORD`.
public enum PostgresURL {
    /// Why a connection string was refused.
    public struct Error: Swift.Error, Sendable, CustomStringConvertible {
        /// The connection string as given.
        public let url: String
        /// Why it was refused.
        public let reason: String
        /// `url: reason`.
        public var description: String { "\(url): \(reason)" }
    }

    /// The client configuration `url` describes; `environment` (default: the process's) supplies `PGPASSWORD`.
    public static func configuration(
        _ url: String,
        environment: [String: String]? = nil
    ) throws(Error)
        -> PostgresClient.Configuration
    {
        guard let components = URLComponents(string: url), let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw Error(url: url, reason: "expected postgres://user[:password]@host[:port]/database")
        }
        guard let host = components.host, !host.isEmpty else { throw Error(url: url, reason: "no host") }
        guard let user = components.user, !user.isEmpty else { throw Error(url: url, reason: "no user") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var tls: PostgresClient.Configuration.TLS = .prefer(.makeClientConfiguration())
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
            case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
            default: throw Error(url: url, reason: "sslmode must be disable, prefer or require")
            }
        }
        return PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: user,
            password: components.password?.removingPercentEncoding ?? (environment ?? ProcessInfo.processInfo.environment)["PGPASSWORD"],
            database: database.isEmpty ? user : database,
            tls: tls
        )
    }
}
