import Testing
import TollgateAuth

/// The signer against AWS's published signatures: the Signature Version 4 test suite's requests
/// (`get-vanilla`, `post-vanilla`, `get-vanilla-query-order-key-case`, `post-x-www-form-urlencoded`),
/// the IAM user guide's `ListUsers` example and the S3 API reference's GET Object example; then
/// what it signs verifies with ``SigV4Verifier``, and a change after signing does not.
@Suite struct SigV4SignerTests {
    static let suiteKey = IAMCredential(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    static let s3Key = IAMCredential(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    /// 20150830T123600Z and 20130524T000000Z.
    static let suiteTime: Int64 = 1_440_938_160_000
    static let s3Time: Int64 = 1_369_353_600_000

    struct Vector: Sendable, CustomStringConvertible {
        var name: String
        var service = "service"
        var credential = SigV4SignerTests.suiteKey
        var time = SigV4SignerTests.suiteTime
        var request: SignedRequest
        var signedHeaders: String
        var signature: String
        var description: String { name }
    }

    static let vectors: [Vector] = [
        Vector(
            name: "get-vanilla",
            request: SignedRequest(method: "GET", path: "/", query: [], headers: [("Host", "example.amazonaws.com")], body: []),
            signedHeaders: "host;x-amz-date",
            signature: "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        ),
        Vector(
            name: "post-vanilla",
            request: SignedRequest(method: "POST", path: "/", query: [], headers: [("Host", "example.amazonaws.com")], body: []),
            signedHeaders: "host;x-amz-date",
            signature: "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
        ),
        Vector(
            name: "get-vanilla-query-order-key-case",
            request: SignedRequest(
                method: "GET",
                path: "/",
                query: [("Param2", "value2"), ("Param1", "value1")],
                headers: [("Host", "example.amazonaws.com")],
                body: []
            ),
            signedHeaders: "host;x-amz-date",
            signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
        ),
        Vector(
            name: "post-x-www-form-urlencoded",
            request: SignedRequest(
                method: "POST",
                path: "/",
                query: [],
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com")],
                body: Array("Param1=value1".utf8)
            ),
            signedHeaders: "content-type;host;x-amz-date",
            signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        ),
        Vector(
            name: "IAM ListUsers",
            service: "iam",
            request: SignedRequest(
                method: "GET",
                path: "/",
                query: [("Action", "ListUsers"), ("Version", "2010-05-08")],
                headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Host", "iam.amazonaws.com")],
                body: []
            ),
            signedHeaders: "content-type;host;x-amz-date",
            signature: "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
        ),
        Vector(
            name: "S3 GET Object",
            service: "s3",
            credential: SigV4SignerTests.s3Key,
            time: SigV4SignerTests.s3Time,
            request: SignedRequest(
                method: "GET",
                path: "/test.txt",
                query: [],
                headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
                body: []
            ),
            signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        ),
    ]

    @Test(arguments: vectors)
    func publishedSignature(_ vector: Vector) throws {
        let signer = SigV4Signer(credential: vector.credential, region: "us-east-1", service: vector.service)
        let added = signer.sign(vector.request, nowMillis: vector.time)
        let authorization = try #require(added.first { $0.name == "Authorization" }?.value)
        let date = vector.time == Self.suiteTime ? "20150830" : "20130524"
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=\(vector.credential.accessKeyId)/\(date)/us-east-1/\(vector.service)/aws4_request, SignedHeaders=\(vector.signedHeaders), Signature=\(vector.signature)"
        )
        #expect(added.first { $0.name == "X-Amz-Date" }?.value == (date == "20150830" ? "20150830T123600Z" : "20130524T000000Z"))
        #expect(added.contains { $0.name == "X-Amz-Content-SHA256" } == (vector.service == "s3"))
    }

    /// What the signer signs for `execute-api` verifies; a temporary credential sends its token; a body,
    /// path or header changed after signing does not verify.
    @Test func verifierAcceptsWhatTheSignerSigns() {
        let temporary = IAMCredential(accessKeyId: "ASIATEMP", secretAccessKey: "temp-secret", sessionToken: "token-1")
        let verifier = SigV4Verifier(credentials: [Self.suiteKey, temporary], region: "eu-west-1")
        for credential in [Self.suiteKey, temporary] {
            let request = SignedRequest(
                method: "POST",
                path: "/prod/a%20b/%C3%A9",
                query: [("q", "x y"), ("a", "1")],
                headers: [
                    ("Host", "abc.execute-api.eu-west-1.amazonaws.com"), ("Content-Type", "application/json"), ("X-Custom", "  two   spaces "),
                ],
                body: Array(#"{"é":1}"#.utf8)
            )
            let signer = SigV4Signer(credential: credential, region: "eu-west-1", service: "execute-api")
            var signed = request
            signed.headers += signer.sign(request, nowMillis: Self.suiteTime)
            #expect(signed.headers.contains { $0.name == "X-Amz-Security-Token" } == (credential.sessionToken != nil))
            #expect((try? verifier.verify(signed, nowMillis: Self.suiteTime).get())?.accessKeyId == credential.accessKeyId)
            var body = signed
            body.body = Array(#"{"é":2}"#.utf8)
            #expect((try? verifier.verify(body, nowMillis: Self.suiteTime).get()) == nil)
            var path = signed
            path.path = "/prod/a%20b/e"
            #expect((try? verifier.verify(path, nowMillis: Self.suiteTime).get()) == nil)
            var header = signed
            header.headers[2].value = "changed"
            #expect((try? verifier.verify(header, nowMillis: Self.suiteTime).get()) == nil)
        }
    }

    /// A stale `X-Amz-Date` on the request is replaced, not signed beside the new one.
    @Test func signerOwnsItsHeaders() {
        let request = SignedRequest(
            method: "GET",
            path: "/",
            query: [],
            headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "19990101T000000Z")],
            body: []
        )
        let added = SigV4SignerTests.vectors[0]
        let signed = SigV4Signer(credential: Self.suiteKey, region: "us-east-1", service: "service").sign(request, nowMillis: Self.suiteTime)
        #expect(signed.first { $0.name == "Authorization" }?.value.hasSuffix(added.signature) == true)
    }

    /// `X-Amz-Date` both ways: the signer's and the verifier's reading agree, and a date that does not
    /// exist is refused.
    @Test func requestTimes() {
        #expect(SigV4.formatAMZDate(Self.suiteTime) == "20150830T123600Z")
        #expect(SigV4.formatAMZDate(951_782_400_000) == "20000229T000000Z")
        #expect(SigV4.formatAMZDate(-1000) == "19691231T235959Z")
        #expect(SigV4.parseAMZDate("20150830T123600Z") == Self.suiteTime)
        #expect(SigV4.parseAMZDate("20000229T000000Z") == 951_782_400_000)
        for text in ["20150230T000000Z", "20150830T243600Z", "2015-08-30T12:36:00Z", "20150830T123600", "2015083aT123600Z"] {
            #expect(SigV4.parseAMZDate(text) == nil, "\(text)")
        }
        for millis in stride(from: Int64(0), to: 4_102_444_800_000, by: 86_399_997_000) {
            let text = SigV4.formatAMZDate(millis)
            #expect(SigV4.parseAMZDate(text) == millis / 1000 * 1000, "\(text)")
        }
    }

    /// Header values as signed: blanks at either end removed, runs of blanks one space.
    @Test func trimmedValues() {
        for (value, trimmed) in [
            ("plain", "plain"), ("  lead", "lead"), ("trail  ", "trail"), ("a  b\t c", "a b c"), ("\tx", "x"), ("", ""), ("   ", ""),
            ("one two", "one two"),
        ] {
            #expect(SigV4.trimmedHeaderValue(value) == trimmed, "\(value)")
        }
    }
}
