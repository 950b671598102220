/// Names one kind of value kept beside a cached document, such as a cached introspection answer.
/// Declare a type per kind (an empty enum is enough); its `Value` is the stored type.
///
/// Keys are types rather than strings so each stored value has one static type and separate
/// modules cannot collide on a name.
public protocol DocumentAttachmentKey {
    associatedtype Value: Sendable
}

/// Values attached to a cached document by `DocumentAttachmentKey`: the slot for anything cheap to
/// keep per query text (it lives and is evicted with the document).
public struct DocumentAttachments: Sendable {
    private var values: [ObjectIdentifier: any Sendable] = [:]

    public init() {}

    public subscript<Key: DocumentAttachmentKey>(key: Key.Type) -> Key.Value? {
        get { values[ObjectIdentifier(key)] as? Key.Value }
        set { values[ObjectIdentifier(key)] = newValue.map { $0 as any Sendable } }
    }

    public var isEmpty: Bool { values.isEmpty }
}
