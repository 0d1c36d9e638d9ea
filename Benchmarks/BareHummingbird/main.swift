import HTTPTypes
import Hummingbird

// The serve benchmark's baseline: a bare Hummingbird 2 handler answering POST /orders with the bytes
// `tollgate serve` answers for the valid orders POST (same status, Content-Type and body), so the two runs
// differ only by the gateway's work. Usage: BareHummingbird PORT
let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 3001 : 3001
let router = Router()
router.post("/orders") { request, _ -> Response in
    _ = try await request.body.collect(upTo: 10 * 1024 * 1024)
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    headers[HTTPField.Name("x-amzn-RequestId")!] = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
    return Response(
        status: .ok,
        headers: headers,
        body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"message" : "Orders successfully created"}"#))
    )
}
let app = Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
