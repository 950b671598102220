import GraphQL

/// Edits of an SDL text at the positions of its parsed nodes: the generators insert their arguments and fields into
/// the hand-written types, and role schemas drop what a role may not see, without re-printing the document, so the
/// descriptions, comments and layout written by hand come out exactly as written.
///
/// Positions are UTF-8 offsets, as GraphQL's `Location` gives them. Edits are collected first and applied together,
/// from the end of the text backwards, so each one's positions refer to the text as parsed.
struct SDLEdits {
    private let bytes: [UInt8]
    private var removals: [Range<Int>] = []
    private var insertions: [(offset: Int, order: Int, text: String)] = []

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// Removes a node with the whitespace around it; when the node has its lines to itself, the lines go too, so no
    /// blank line is left where it stood. A definition (`separated`) also takes the blank line after it, which
    /// separated it from the next.
    mutating func remove(_ location: Location?, separated: Bool = false) {
        guard let location else { return }
        var start = location.start
        var end = location.end
        var lineStart = start
        while lineStart > 0, bytes[lineStart - 1] == UInt8(ascii: " ") || bytes[lineStart - 1] == UInt8(ascii: "\t") {
            lineStart -= 1
        }
        var lineEnd = end
        while lineEnd < bytes.count, bytes[lineEnd] == UInt8(ascii: " ") || bytes[lineEnd] == UInt8(ascii: "\t") {
            lineEnd += 1
        }
        let ownsStart = lineStart == 0 || bytes[lineStart - 1] == UInt8(ascii: "\n")
        let ownsEnd = lineEnd == bytes.count || bytes[lineEnd] == UInt8(ascii: "\n")
        if ownsStart && ownsEnd {
            start = lineStart
            end = min(lineEnd + 1, bytes.count)
            if separated, end < bytes.count, bytes[end] == UInt8(ascii: "\n") { end += 1 }
        }
        removals.append(start..<end)
    }

    /// Replaces the bytes between two offsets (e.g. an emptied argument list, from after a field's name to its type).
    mutating func replace(_ range: Range<Int>, with text: String) {
        removals.append(range)
        insertions.append((range.lowerBound, insertions.count, text))
    }

    /// Inserts text at an offset; texts inserted at one offset keep the order they were inserted in.
    mutating func insert(_ text: String, at offset: Int) {
        insertions.append((offset, insertions.count, text))
    }

    /// Offset of the start of the line holding `offset`.
    func lineStart(of offset: Int) -> Int {
        var start = offset
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        return start
    }

    /// The text with every edit applied. A removal inside another is absorbed by it.
    func applied() -> String {
        var cuts: [Range<Int>] = []
        for range in removals.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = cuts.last, range.lowerBound < last.upperBound {
                cuts[cuts.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                cuts.append(range)
            }
        }
        let inserts = insertions.sorted { ($0.offset, $0.order) < ($1.offset, $1.order) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        var nextInsert = 0
        var nextCut = 0
        while position <= bytes.count {
            while nextInsert < inserts.count, inserts[nextInsert].offset == position {
                out.append(contentsOf: inserts[nextInsert].text.utf8)
                nextInsert += 1
            }
            if nextCut < cuts.count, cuts[nextCut].lowerBound == position {
                // Insertions inside a removed range (a replacement's own text was inserted at its start) are kept
                // only at the start; anything strictly inside goes with the removed text.
                position = cuts[nextCut].upperBound
                nextCut += 1
                while nextInsert < inserts.count, inserts[nextInsert].offset < position { nextInsert += 1 }
                continue
            }
            guard position < bytes.count else { break }
            out.append(bytes[position])
            position += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
