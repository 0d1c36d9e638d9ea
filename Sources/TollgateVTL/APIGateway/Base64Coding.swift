import ExtrasBase64

/// Base64 as the whole pipeline codes it: RFC 4648 §4's standard alphabet, padded; decoding refuses
/// anything else (a character outside the alphabet, whitespace, a missing `=`). `$util.base64Encode`
/// and `$util.base64Decode`, CONVERT_TO_BINARY and CONVERT_TO_TEXT, binary bodies shown to templates
/// and a Lambda proxy answer's `isBase64Encoded` body all go through it, so each place accepts the
/// same text. (Whether AWS's decoder takes unpadded text, as Java's `Base64.getDecoder()` does, is not
/// recorded; this one does not.)
package enum Base64Coding {
    package static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64.encodeToString(bytes: bytes)
    }

    /// The bytes `text` encodes, or nil when it is not padded standard base64.
    package static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        try? Base64.decode(bytes: text)
    }
}
