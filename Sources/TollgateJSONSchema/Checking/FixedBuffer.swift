/// A buffer allocated once and never resized: reading through it needs no reference counting
/// of the buffer itself.
struct FixedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: max(count, 1))
        base.initialize(from: elements, count: count)
    }

    @inline(__always)
    subscript(i: Int) -> Element { base[i] }

    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
