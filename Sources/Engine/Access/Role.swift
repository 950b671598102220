/// Who a request acts as. Each role sees its own subset of the schema (derived from `schema/roles.json` at
/// start-up, `RoleSchemas.load`): a hidden type or field does not exist for it, in introspection or
/// in validation. Roles nest: anonymous ⊂ analyst ⊂ fund_manager ⊂ admin.
public enum Role: String, Sendable, CaseIterable, Hashable, Codable {
    /// The public dashboard; what a request without credentials gets.
    case anonymous
    /// Everything readable except the administration of individual support measures; may see the generated SQL.
    case analyst
    /// An analyst's view plus the details of each support measure.
    case fundManager = "fund_manager"
    /// Everything, plus trusted-document registration.
    case admin

    /// Whether answers may carry the SQL they were computed with (`extensions.explain`, the explorer's SQL pane):
    /// every role with credentials (analysts, fund managers, administrators), also when limited to a region;
    /// never the anonymous public.
    ///
    /// The statement is compiled from the caller's own document under the caller's own scope (a region is
    /// one more bound parameter), so it shows nothing of data the caller cannot query; what it does show
    /// (table names, the policy rules' SQL) is for people who write queries. The public endpoint gives
    /// an attacker no map of the database. `schema/roles.json` and docs/access.md say the same.
    public var maySeeSQL: Bool { self != .anonymous }
}

/// The caller of one request: its role, and the prefecture its rows are limited to, if any.
public struct Principal: Sendable, Hashable {
    public var role: Role
    /// A prefecture code (e.g. `520300`): enterprise-level rows (enterprises, their titles and incidents)
    /// are limited to that prefecture, in every list, lookup, filter and aggregate. nil: the province.
    public var region: String?
    /// Who it is, for logs: an API key's name or a token's `sub`.
    public var subject: String?

    public init(role: Role, region: String? = nil, subject: String? = nil) {
        self.role = role
        self.region = region
        self.subject = subject
    }

    /// A request without credentials.
    public static let anonymous = Principal(role: .anonymous)

    /// Whether `text` is the code of one of Guizhou's prefectures, as regions are given.
    public static func isPrefectureCode(_ text: String) -> Bool {
        prefectureCodes.contains(text)
    }

    /// The GB/T 2260 codes of Guizhou's nine prefecture-level divisions (six cities, three autonomous
    /// prefectures), as in `sql/` and `../shared/data/`. A region outside them (another province's city,
    /// the province itself, a county) would limit a principal to nothing or to something unintended,
    /// so it is refused where keys are made and where tokens are read.
    public static let prefectureCodes: Set<String> = [
        "520100", "520200", "520300", "520400", "520500", "520600", "522300", "522600", "522700",
    ]
}
