import Testing
import TollgateJSON

struct JSONSerializationTests {
    @Test func compactMatchesJackson() throws {
        let value = try JSONValue(parsing: #"{ "a" : 1, "b" : [ true , null ], "c": { } , "d": [ ] }"#)
        #expect(value.serialized() == #"{"a":1,"b":[true,null],"c":{},"d":[]}"#)
    }

    /// Jackson escapes `"`, `\` and control characters (short forms for \b \t \n \f \r,
    /// `\u00XX` with upper-case hex otherwise) and leaves `/`, DEL and non-ASCII alone.
    @Test func stringEscaping() {
        let s = "q\" b\\ s/ \u{08}\u{09}\u{0A}\u{0C}\u{0D} \u{00}\u{01}\u{1F} \u{7F} é😀 long-enough-to-use-the-word-scan\"x"
        let expected = #""q\" b\\ s/ \b\t\n\f\r \u0000\u0001\u001F "# + "\u{7F} é😀 long-enough-to-use-the-word-scan\\\"x\""
        #expect(JSONValue.string(s).serialized() == expected)
    }

    @Test func roundTripsThroughTheParser() throws {
        let texts = [
            #"{"a":[1,-0,1e400,0.10,"\u0000\n",{"b":null}],"é":"😀"}"#,
            #"[[],{},"",0,false]"#,
            #""\"\\/""#,
        ]
        for text in texts {
            let value = try JSONValue(parsing: text)
            let again = try JSONValue(parsing: value.serialized())
            #expect(again == value)
            #expect(again.serialized() == value.serialized())
            #expect(try JSONValue(parsing: value.prettyPrinted()) == value)
        }
    }

    @Test func prettyPrinted() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":[true,{"c":null}],"d":{},"e":[]}"#)
        let expected = """
            {
              "a": 1,
              "b": [
                true,
                {
                  "c": null
                }
              ],
              "d": {},
              "e": []
            }
            """
        #expect(value.prettyPrinted() == expected)
        #expect(JSONValue.number(5).prettyPrinted() == "5")
    }

    @Test func integerFormatting() {
        for i: Int64 in [0, 7, 10, -1, -10, 1_234_567_890, Int64.max, Int64.min] {
            #expect(JSONValue.number(JSONNumber(i)).serialized() == String(i))
        }
    }
}
