// The libFuzzer driver over FuzzHarness's targets; TOLLGATE_FUZZ_TARGET names the one to run (json,
// schema, vtl, regex, definition), the arguments are libFuzzer's. Built by `make fuzz` with
// `-sanitize=fuzzer,address`; this program's main hands over to libFuzzer's driver.
import Foundation
import _TollgateFuzzing

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

let name = ProcessInfo.processInfo.environment["TOLLGATE_FUZZ_TARGET"] ?? ""
guard let chosen = FuzzHarness.targets[name] else {
    FileHandle.standardError.write(Data("TOLLGATE_FUZZ_TARGET must be one of \(FuzzHarness.targets.keys.sorted())\n".utf8))
    exit(2)
}
let target = chosen

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(
    runDriver(&argc, &argv) { start, count in
        target(start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? [])
        return 0
    }
)
