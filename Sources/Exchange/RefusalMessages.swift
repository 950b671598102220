import Catalog
import Postgres

/// What a rule of the database says, in Chinese, when it refuses a row of an import: the database's own message is
/// English (and names internal ids); an official reads the rule here, by the constraint's name, with its article.
enum RefusalMessages {
    /// The rules of the measures the database enforces row by row, by constraint name (``Catalog/refusalsInChinese``).
    static var byConstraint: [String: String] { Catalog.refusalsInChinese }

    /// The Chinese for a refusal: the rule by its constraint's name, else by the kind of error.
    static func chinese(for error: PostgresError) -> String {
        guard case .server(let server) = error else { return "数据库拒绝此行" }
        if let name = server.constraint, let text = byConstraint[name] { return text }
        switch server.sqlState.rawValue {
        case "23503": return "引用的记录不存在（\(server.constraint ?? "外键")）"
        case "23505": return "与已有记录重复（\(server.constraint ?? "唯一约束")）"
        case "23502": return "缺少必填的值"
        case "23514": return "数值不符合规则（\(server.constraint ?? "检查约束")）"
        case "22003", "22P02", "22007", "22008": return "数值超出范围或格式不对"
        default: return "数据库拒绝此行" + (server.constraint.map { "（\($0)）" } ?? "")
        }
    }
}
