/// Who a request acts as. Each role sees its own subset of the schema (derived from `schema/roles.json` at
/// start-up, `RoleSchemas.load`): a hidden type or field does not exist for it, in introspection or
/// in validation. Roles nest: anonymous ⊂ analyst ⊂ fund_manager ⊂ admin. The bodies that record the process (issue 20)
/// read as analysts do and each may take only its own steps (`schema/roles.json` lists them).
public enum Role: String, Sendable, CaseIterable, Hashable, Codable {
    /// The public dashboard; what a request without credentials gets.
    case anonymous
    /// Everything readable except the administration of individual support measures; may see the generated SQL.
    case analyst
    /// An analyst's view plus the details of each support measure.
    case fundManager = "fund_manager"
    /// Everything, plus trusted-document registration.
    case admin
    /// A county industry department, the applicant body of Art. 13: scoped to one county.
    case countyOfficer = "county_officer"
    /// A prefecture industry department: acceptance, first review, on-site check and recommendation (Art. 14), annual
    /// reports (Art. 18), change filings (Art. 17), re-review requests (Art. 16), monitoring (Art. 5) for its clusters.
    case prefectureOfficer = "prefecture_officer"
    /// The provincial department: review, notice and recognition (Art. 15), re-review decisions (Art. 16), revocation
    /// (Art. 19), incidents.
    case provinceOfficer = "province_officer"

    /// Whether the role's scope is a county code (not a prefecture's).
    public var isScopedToCounty: Bool { self == .countyOfficer }

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
    /// A county officer reads its county's prefecture.
    public var region: String?
    /// Who it is, for logs: an API key's name or a token's `sub`.
    public var subject: String?
    /// The county (county officer) or prefecture (prefecture officer) the principal acts for; otherwise its region.
    public var scope: String?
    /// For a fund manager: the one fund whose support measures it may record; nil: every fund.
    public var fund: String?
    /// The API key's prefix (`qj_…`), when the principal comes from a key: the audit log names the key by it.
    public var keyPrefix: String?

    public init(role: Role, region: String? = nil, subject: String? = nil, scope: String? = nil, fund: String? = nil) {
        self.role = role
        self.region = region
        self.subject = subject
        self.scope = scope ?? region
        self.fund = fund
    }

    /// A principal acting for `scope` (a county code for a county officer, else a prefecture code or nil): it reads
    /// the prefecture the scope lies in (a county's prefecture is its code's first four digits and 00, GB/T 2260).
    public static func scoped(role: Role, scope: String?, subject: String?, fund: String? = nil) -> Principal {
        let region = scope.map { role.isScopedToCounty ? String($0.prefix(4)) + "00" : $0 }
        return Principal(role: role, region: region, subject: subject, scope: scope, fund: fund)
    }

    /// Whether `text` is the code of one of Guizhou's counties (six digits under one of its prefectures, not the
    /// prefecture itself); whether the county exists is the database's to say.
    public static func isCountyCode(_ text: String) -> Bool {
        text.count == 6 && text.allSatisfy(\.isASCII) && text.allSatisfy(\.isNumber) && !text.hasSuffix("00")
            && isPrefectureCode(String(text.prefix(4)) + "00")
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
