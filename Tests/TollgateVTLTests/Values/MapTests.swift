import Testing
import TollgateVTL

/// Java `LinkedHashMap` behaviour of template maps, on both sides of the size where a map starts
/// keeping key fingerprints (small maps compare keys directly).
@Suite struct MapTests {
    func render(_ template: String) throws -> String {
        try VTLTemplate(template).render().text
    }

    @Test(arguments: [3, 16, 17, 40])
    func putGetRemoveKeepOrderAndValues(count: Int) throws {
        let fill = "#set($m = {})#foreach($i in [1..\(count)])#set($k = \"k$i\")$m.put($k, $i)#end"
        #expect(try render(fill + "$m.size()") == "\(count)")
        #expect(try render(fill + "$m.get('k1') $m.get(\"k\(count)\") $m.containsKey('k0') $m.k1") == "1 \(count) false 1")
        // Remove the first key: the rest keep their order and are still found.
        #expect(try render(fill + "$m.remove('k1') $m.size() [$m.get('k1')] $m.get('k2') $m.keySet().get(0)") == "1 \(count - 1) [] 2 k2")
        // Put it back: it goes to the end; a second put replaces in place and returns the old value.
        let back = fill + "#set($x = $m.remove('k1'))$m.put('k1', 'again')$m.put('k1', 'third') $m.keySet().get(\(count - 1)) $m.size()"
        #expect(try render(back) == "again k1 \(count)")
        // Keys of other types sit beside strings: 1 (Integer) is not "1".
        #expect(try render(fill + "$m.put(1, 'one')$m.get(1) [$m.get('1')] $m.size()") == "one [] \(count + 1)")
    }

    /// A lookup first tries the key after the one it found last (a loop over `keySet()`): lookups in
    /// order, out of order, after a removal and with an equal key from elsewhere all find their value.
    @Test(arguments: [3, 17, 40])
    func lookupsInAnyOrderFindTheirKeys(count: Int) throws {
        let fill = "#set($m = {})#foreach($i in [1..\(count)])#set($k = \"k$i\")$m.put($k, $i)#end"
        let inOrder = (1...count).map { "k\($0)=\($0)" }.joined(separator: ",")
        #expect(try render(fill + "#foreach($k in $m.keySet())$k=$m.get($k)#if($foreach.hasNext),#end#end") == inOrder)
        let reversed = (1...count).reversed().map { "\($0)" }.joined()
        #expect(try render(fill + "#foreach($i in [\(count)..1])#set($k = \"k$i\")$m.get($k)#end") == reversed)
        #expect(try render(fill + "$m.get('k2')$m.get('k2')$m.get('k1')$m.get('k3')") == "2213")
        // After a removal the keys shift: the hint may point one past; the value is still the key's.
        let removed = (2...count).map { "\($0)" }.joined()
        #expect(try render(fill + "#set($x = $m.remove('k1'))#foreach($k in $m.keySet())$m.get($k)#end[$m.get('k1')]") == removed + "[]")
    }
}
