/// A streaming reader for the XML of a workbook's parts, fed the bytes as they come out of the zip.
///
/// A sheet of 300,000 enterprises is about 100 MB of XML; a tree of it (XMLCoder, Foundation's XMLDocument) would
/// hold all of it at once. This reader keeps only the token it is in, and hands each element's start and end and
/// each run of text to the caller. It reads what spreadsheet tools write — elements, attributes in either quote,
/// the five named entities and character references, CDATA, comments and processing instructions (skipped) — and
/// drops namespace prefixes from element names (`x:row` is `row`), as some tools prefix every element. It does not
/// validate and never resolves external entities (a DOCTYPE is refused).
public struct XMLStreamReader {
    public enum Event {
        /// An element starts; a self-closing element gives `start` then `end`.
        case start(name: String, attributes: [String: String])
        case end(name: String)
        /// Text between tags, entities resolved. A run of text may come in several pieces.
        case text(String)
    }

    private var pending: [UInt8] = []
    private var text: [UInt8] = []

    public init() {}

    /// Reads `bytes`, handing every complete token to `handle`; an unfinished token waits for the next call.
    public mutating func feed(_ bytes: some Sequence<UInt8>, _ handle: (Event) throws -> Void) throws {
        pending.append(contentsOf: bytes)
        let data = pending
        var index = 0
        let count = data.count
        var consumed = 0
        try data.withUnsafeBufferPointer { buffer in
            while index < count {
                if buffer[index] != UInt8(ascii: "<") {
                    // Text up to the next tag (or the end of what has come so far).
                    var end = index
                    while end < count, buffer[end] != UInt8(ascii: "<") { end += 1 }
                    text.append(contentsOf: buffer[index..<end])
                    index = end
                    consumed = index
                    continue
                }
                guard let tokenEnd = Self.endOfMarkup(buffer, from: index) else { break }
                if !text.isEmpty {
                    try handle(.text(try Self.decodeEntities(text)))
                    text.removeAll(keepingCapacity: true)
                }
                try Self.markup(buffer, index, tokenEnd, handle)
                index = tokenEnd + 1
                consumed = index
            }
        }
        pending = consumed == count ? [] : Array(data[consumed...])
    }

    /// Ends the document: text after the last tag is handed over; an unfinished tag is an error.
    public mutating func finish(_ handle: (Event) throws -> Void) throws {
        guard pending.isEmpty else { throw SpreadsheetError.malformedXML("the document ends inside a tag") }
        if !text.isEmpty {
            try handle(.text(try Self.decodeEntities(text)))
            text.removeAll()
        }
    }

    /// The index of the `>` that ends the markup starting at `start` (a `<`), or nil when it has not come yet.
    private static func endOfMarkup(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let count = buffer.count
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard start + length <= count else { return false }
            return (0..<length).allSatisfy { buffer[start + $0] == prefix.utf8Start[$0] }
        }
        func find(_ terminator: StaticString, from offset: Int) -> Int? {
            let length = terminator.utf8CodeUnitCount
            var index = offset
            while index + length <= count {
                if (0..<length).allSatisfy({ buffer[index + $0] == terminator.utf8Start[$0] }) { return index + length - 1 }
                index += 1
            }
            return nil
        }
        if hasPrefix("<!--") { return find("-->", from: start + 4) }
        if hasPrefix("<![CDATA[") { return find("]]>", from: start + 9) }
        if hasPrefix("<?") { return find("?>", from: start + 2) }
        // A tag: the first `>` outside a quoted attribute value.
        var quote: UInt8 = 0
        var index = start + 1
        while index < count {
            let byte = buffer[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func markup(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                               _ handle: (Event) throws -> Void) throws {
        let second = start + 1 < end ? buffer[start + 1] : 0
        switch second {
        case UInt8(ascii: "?"):
            return
        case UInt8(ascii: "!"):
            if end - start >= 11, buffer[start + 2] == UInt8(ascii: "[") {
                // CDATA: its content is text as it stands.
                try handle(.text(String(decoding: buffer[(start + 9)..<(end - 2)], as: UTF8.self)))
            } else if end - start >= 3, buffer[start + 2] == UInt8(ascii: "-") {
                return
            } else {
                throw SpreadsheetError.malformedXML("a document type declaration is not accepted in a workbook part")
            }
        case UInt8(ascii: "/"):
            try handle(.end(name: localName(buffer, from: start + 2, to: end).name))
        default:
            let selfClosing = buffer[end - 1] == UInt8(ascii: "/")
            let contentEnd = selfClosing ? end - 1 : end
            let (name, afterName) = localName(buffer, from: start + 1, to: contentEnd)
            let attributes = try parseAttributes(buffer, from: afterName, to: contentEnd)
            try handle(.start(name: name, attributes: attributes))
            if selfClosing { try handle(.end(name: name)) }
        }
    }

    /// The element name without its namespace prefix, and the index after it.
    private static func localName(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> (name: String, next: Int) {
        var index = start
        var nameStart = start
        while index < end, !isSpace(buffer[index]) {
            if buffer[index] == UInt8(ascii: ":") { nameStart = index + 1 }
            index += 1
        }
        return (String(decoding: buffer[nameStart..<index], as: UTF8.self), index)
    }

    private static func parseAttributes(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) throws
        -> [String: String]
    {
        var attributes: [String: String] = [:]
        var index = start
        while index < end {
            while index < end, isSpace(buffer[index]) { index += 1 }
            guard index < end else { break }
            let nameStart = index
            while index < end, buffer[index] != UInt8(ascii: "="), !isSpace(buffer[index]) { index += 1 }
            let name = String(decoding: buffer[nameStart..<index], as: UTF8.self)
            while index < end, isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == UInt8(ascii: "=") else {
                throw SpreadsheetError.malformedXML("the attribute \(name) has no value")
            }
            index += 1
            while index < end, isSpace(buffer[index]) { index += 1 }
            guard index < end, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'") else {
                throw SpreadsheetError.malformedXML("the value of the attribute \(name) is not quoted")
            }
            let quote = buffer[index]
            index += 1
            let valueStart = index
            while index < end, buffer[index] != quote { index += 1 }
            guard index < end else { throw SpreadsheetError.malformedXML("the value of the attribute \(name) is not closed") }
            attributes[name] = try decodeEntities(Array(buffer[valueStart..<index]))
            index += 1
        }
        return attributes
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// UTF-8 text with `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#…;` / `&#x…;` resolved.
    static func decodeEntities(_ bytes: [UInt8]) throws -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&") else {
                output.append(byte)
                index += 1
                continue
            }
            guard let semicolon = bytes[index...].firstIndex(of: UInt8(ascii: ";")), semicolon - index <= 12 else {
                throw SpreadsheetError.malformedXML("an unfinished entity reference")
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "lt": output.append(UInt8(ascii: "<"))
            case "gt": output.append(UInt8(ascii: ">"))
            case "amp": output.append(UInt8(ascii: "&"))
            case "quot": output.append(UInt8(ascii: "\""))
            case "apos": output.append(UInt8(ascii: "'"))
            default:
                let scalarValue: UInt32?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    scalarValue = UInt32(name.dropFirst(2), radix: 16)
                } else if name.hasPrefix("#") {
                    scalarValue = UInt32(name.dropFirst(1))
                } else {
                    scalarValue = nil
                }
                guard let value = scalarValue, let scalar = Unicode.Scalar(value) else {
                    throw SpreadsheetError.malformedXML("an unknown entity &\(name);")
                }
                output.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            index = semicolon + 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
