/// Spreadsheet column letters: A is column 0, Z 25, AA 26, XFD (Excel's last) 16,383.
public enum ColumnName {
    public static func letters(_ index: Int) -> String {
        var number = index + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The column of a cell reference (`B7` is 1); nil when it does not start with letters.
    static func index(ofReference reference: String) -> Int? {
        var value = 0
        var sawLetter = false
        for byte in reference.utf8 {
            let upper = byte & 0xDF
            guard upper >= 65, upper <= 90 else { break }
            value = value * 26 + Int(upper - 64)
            sawLetter = true
            guard value <= 16_384 else { return nil }
        }
        return sawLetter ? value - 1 : nil
    }
}
