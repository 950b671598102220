/// The exchange's SQL, all of it: statements built from `RecordSheets`' table and column names and `CodeList`'s
/// tables (never from a file's text; a file's values are always bound parameters).
enum ExchangeSQL {
    /// A code list, in its order: code, name, English name, parent code.
    static func codeList(_ list: CodeList) -> String {
        let parent = list.parentColumn ?? "NULL::text"
        return "SELECT code::text, name, name_en, \(parent) FROM \(list.table) ORDER BY \(list.orderColumn), code"
    }
}
