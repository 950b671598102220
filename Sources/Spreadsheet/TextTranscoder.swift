#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a CSV file is read in. Excel on a Chinese Windows saves "CSV" in GB18030 (code page 936,
/// of which GB18030 is a superset); "CSV UTF-8" with a byte-order mark; LibreOffice and scripts plain UTF-8; Excel's
/// "Unicode text" UTF-16 with a byte-order mark.
public enum TextEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case gb18030 = "GB18030"
    case utf16 = "UTF-16"

    /// Decides from a file's first bytes: a byte-order mark says UTF-8 or UTF-16; otherwise UTF-8 if they are valid
    /// UTF-8 (a sequence cut at the end of the sample allowed), else GB18030. Also says how many bytes the mark takes.
    public static func detect(_ sample: [UInt8]) -> (encoding: TextEncoding, byteOrderMarkLength: Int) {
        if sample.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if sample.starts(with: [0xFF, 0xFE]) || sample.starts(with: [0xFE, 0xFF]) { return (.utf16, 0) }
        var end = sample.count
        // Drop an incomplete sequence at the end of the sample.
        var back = 0
        while back < 3, end - back - 1 >= 0, sample[end - back - 1] & 0xC0 == 0x80 { back += 1 }
        if end - back - 1 >= 0, sample[end - back - 1] >= 0xC0 { end = end - back - 1 }
        return String(validating: sample[0..<end], as: UTF8.self) != nil ? (.utf8, 0) : (.gb18030, 0)
    }
}

/// Converts text to UTF-8 with iconv, a chunk at a time; a character cut at the end of a chunk waits for the next.
final class TextTranscoder {
    private let descriptor: iconv_t
    private var carry: [UInt8] = []
    let encoding: TextEncoding

    init(from encoding: TextEncoding) throws {
        self.encoding = encoding
        guard let descriptor = iconv_open("UTF-8", encoding.rawValue), descriptor != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw SpreadsheetError.io("This system cannot convert \(encoding.rawValue) text (iconv).")
        }
        self.descriptor = descriptor
    }

    deinit {
        iconv_close(descriptor)
    }

    /// The UTF-8 for `bytes` (and what was carried from the last chunk), and whether conversion stopped at bytes
    /// that are not text in the encoding: the caller reads what came before them, to name the row.
    func convert(_ bytes: [UInt8], final: Bool) throws -> (utf8: [UInt8], invalid: Bool) {
        var input = carry + bytes
        carry = []
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var produced = 0
        var invalid = false
        input.withUnsafeMutableBufferPointer { inputBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inputBuffer.baseAddress)?
                .assumingMemoryBound(to: CChar.self)
            var inLeft = inputBuffer.count
            while inLeft > 0 {
                if output.count - produced < 64 { output.append(contentsOf: repeatElement(0, count: output.count)) }
                let result: Int = output.withUnsafeMutableBufferPointer { outputBuffer in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outputBuffer.baseAddress! + produced)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outputBuffer.count - produced
                    let before = outLeft
                    let converted = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    produced += before - outLeft
                    return converted == -1 ? Int(errno) : 0
                }
                switch result {
                case 0: continue
                case Int(E2BIG): continue
                case Int(EINVAL) where !final:
                    // An incomplete character at the end: keep it for the next chunk.
                    carry = Array(UnsafeBufferPointer(start: UnsafeRawPointer(inPointer!).assumingMemoryBound(to: UInt8.self),
                                                      count: inLeft))
                    inLeft = 0
                default:
                    invalid = true
                    inLeft = 0
                }
            }
        }
        return (Array(output[0..<produced]), invalid)
    }
}
