import Foundation
import Testing
import TollgateAuth
import _TollgateTestSupport

/// SigV4 verification against botocore's signer (`Tests/Oracles/sigv4_sign.py`): what the AWS SDK for
/// Python signs verifies; a request changed after signing, an old signature, a wrong secret or an
/// unknown key does not.
@Suite struct SigV4VerifierTests {
    static let packageRoot = Support.root
    static let time: Int64 = 1_700_000_000
    static let credential = IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let temporary = IAMCredential(
        accessKeyId: "ASIATEMP",
        secretAccessKey: "temp-secret",
        sessionToken: "FwoGZXIvYXdzEXAMPLE",
        expiresAtMillis: (time + 3600) * 1000
    )
    static let verifier = SigV4Verifier(credentials: [credential, temporary], region: "us-east-1")

    struct Case: Sendable, CustomStringConvertible {
        var method = "GET"
        var path = "/prod/pets"
        var query = ""
        var headers: [String: String] = [:]
        var body = ""
        var credential = SigV4VerifierTests.credential
        var description: String { "\(method) \(path)?\(query)" }
    }

    static let cases: [Case] = [
        Case(),
        Case(path: "/prod/pets/7", query: "b=2&a=1&a=0"),
        Case(path: "/prod/a%20b/%C3%A9t%C3%A9", query: "q=hello%20world&name=%C3%A9"),
        Case(path: "/prod/", query: "empty=&x=%2F%2B"),
        Case(
            method: "POST",
            path: "/prod/orders",
            headers: ["Content-Type": "application/json", "X-Custom": "  two   spaces  "],
            body: #"{"symbol":"AMZN","é":1}"#
        ),
        Case(method: "PUT", path: "/prod/items/1", body: "plain", credential: SigV4VerifierTests.temporary),
    ]

    /// botocore's headers for each case.
    static func sign(_ cases: [Case]) async throws -> [[String: String]] {
        let specs: [[String: Any]] = cases.map { c in
            var spec: [String: Any] = [
                "method": c.method, "url": "https://abc123.execute-api.us-east-1.amazonaws.com\(c.path)" + (c.query.isEmpty ? "" : "?" + c.query),
                "headers": c.headers, "body": c.body, "accessKey": c.credential.accessKeyId, "secretKey": c.credential.secretAccessKey,
                "region": "us-east-1", "time": time,
            ]
            if let token = c.credential.sessionToken { spec["sessionToken"] = token }
            return spec
        }
        let run = try await ChildProcess.run(
            ProcessInfo.processInfo.environment["TOLLGATE_PYTHON"] ?? "python3",
            [packageRoot.appendingPathComponent("Tests/Oracles/sigv4_sign.py").path],
            stdin: try JSONSerialization.data(withJSONObject: specs)
        )
        guard run.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return try JSONSerialization.jsonObject(with: run.stdout) as! [[String: String]]
    }

    /// The request the gateway sees: the path as sent, the query decoded, botocore's headers and the host.
    static func request(_ c: Case, _ signed: [String: String]) -> SignedRequest {
        var query: [(name: String, value: String)] = []
        for pair in c.query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            query.append((String(kv[0]).removingPercentEncoding!, kv.count > 1 ? String(kv[1]).removingPercentEncoding! : ""))
        }
        var headers = signed.map { ($0.key, $0.value) }
        headers.append(("Host", "abc123.execute-api.us-east-1.amazonaws.com"))
        return SignedRequest(method: c.method, path: c.path, query: query, headers: headers, body: Array(c.body.utf8))
    }

    @Test func botocoreSignaturesVerifyAndChangesDoNot() async throws {
        let signed = try await Self.sign(Self.cases)
        #expect(signed.count == Self.cases.count)
        for (c, headers) in zip(Self.cases, signed) {
            let good = Self.request(c, headers)
            let verdict = Self.verifier.verify(good, nowMillis: Self.time * 1000 + 30_000)
            #expect((try? verdict.get())?.accessKeyId == c.credential.accessKeyId, "\(c): \(verdict)")

            var tampered = good
            tampered.body += Array("x".utf8)
            #expect(Self.isInvalidSignature(Self.verifier.verify(tampered, nowMillis: Self.time * 1000)), "body of \(c)")
            tampered = good
            tampered.path += "x"
            #expect(Self.isInvalidSignature(Self.verifier.verify(tampered, nowMillis: Self.time * 1000)), "path of \(c)")
            tampered = good
            tampered.query.append(("extra", "1"))
            #expect(Self.isInvalidSignature(Self.verifier.verify(tampered, nowMillis: Self.time * 1000)), "query of \(c)")
            tampered = good
            tampered.method = "DELETE"
            #expect(Self.isInvalidSignature(Self.verifier.verify(tampered, nowMillis: Self.time * 1000)), "method of \(c)")

            // Five minutes either way is accepted; six is not.
            #expect((try? Self.verifier.verify(good, nowMillis: (Self.time + 299) * 1000).get()) != nil)
            guard case .failure(.invalidSignature(let expired)) = Self.verifier.verify(good, nowMillis: (Self.time + 360) * 1000) else {
                Issue.record("an old signature verified: \(c)")
                continue
            }
            #expect(expired == "Signature expired: 20231114T221320Z is now earlier than 20231114T221420Z (20231114T221920Z - 5 min.)")
            #expect(
                Self.isInvalidSignature(Self.verifier.verify(good, nowMillis: (Self.time - 360) * 1000)),
                "a signature from the future: \(c)"
            )
        }
    }

    static func isInvalidSignature(_ result: Result<IAMCredential, SigV4Failure>) -> Bool {
        if case .failure(.invalidSignature) = result { return true }
        return false
    }

    @Test func wrongSecretUnknownKeyAndMissingHeader() async throws {
        var wrong = Case()
        wrong.credential = IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-the-secret")
        var unknown = Case()
        unknown.credential = IAMCredential(accessKeyId: "AKIDUNKNOWN", secretAccessKey: "x")
        let signed = try await Self.sign([wrong, unknown])
        guard case .failure(.invalidSignature(let message)) = Self.verifier.verify(Self.request(wrong, signed[0]), nowMillis: Self.time * 1000) else {
            Issue.record("a wrong secret verified")
            return
        }
        #expect(message.hasPrefix("The request signature we calculated does not match the signature you provided."))
        #expect(message.contains("GET\n/prod/pets\n\nhost:abc123.execute-api.us-east-1.amazonaws.com\nx-amz-date:20231114T221320Z\n"))
        #expect(Self.verifier.verify(Self.request(unknown, signed[1]), nowMillis: Self.time * 1000) == .failure(.unrecognizedClient))
        let unsigned = SignedRequest(method: "GET", path: "/prod/pets", query: [], headers: [("Host", "h")], body: [])
        #expect(Self.verifier.verify(unsigned, nowMillis: 0) == .failure(.missingAuthenticationToken))
        let bearer = SignedRequest(method: "GET", path: "/", query: [], headers: [("Authorization", "Bearer abc")], body: [])
        guard case .failure(.incompleteSignature(let incomplete)) = Self.verifier.verify(bearer, nowMillis: 0) else {
            Issue.record("a bearer token passed as a signature")
            return
        }
        #expect(incomplete.hasPrefix("Authorization header requires 'Credential' parameter."))
        #expect(incomplete.hasSuffix("Authorization=Bearer abc"))
    }

    @Test func temporaryCredentials() async throws {
        let c = Self.cases.last!
        let signed = try await Self.sign([c])[0]
        let good = Self.request(c, signed)
        #expect((try? Self.verifier.verify(good, nowMillis: Self.time * 1000).get()) != nil)
        // Without its session token, or after its session ended.
        var noToken = good
        noToken.headers.removeAll { $0.name.lowercased() == "x-amz-security-token" }
        #expect(Self.verifier.verify(noToken, nowMillis: Self.time * 1000) == .failure(.unrecognizedClient))
        let later = SigV4Verifier(
            credentials: [
                IAMCredential(
                    accessKeyId: "ASIATEMP",
                    secretAccessKey: "temp-secret",
                    sessionToken: "FwoGZXIvYXdzEXAMPLE",
                    expiresAtMillis: Self.time * 1000
                )
            ],
            region: "us-east-1"
        )
        #expect(later.verify(good, nowMillis: Self.time * 1000) == .failure(.expiredToken))
    }

    @Test func scopeMustNameTheRegionAndService() async throws {
        let other = SigV4Verifier(credentials: [Self.credential], region: "eu-west-1")
        let signed = try await Self.sign([Case()])[0]
        guard case .failure(.invalidSignature(let message)) = other.verify(Self.request(Case(), signed), nowMillis: Self.time * 1000) else {
            Issue.record("a signature for another region verified")
            return
        }
        #expect(message.contains("valid region"))
    }
}
