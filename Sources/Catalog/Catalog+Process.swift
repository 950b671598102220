/// The recognition process and its aftermath: rounds, applications, recognitions, re-reviews, revocations, annual
/// reports, change filings and monitoring (migration 0007).
extension Catalog {
    static let processEntities: [Entity] = [
        applicationRound,
        application,
        recognition,
        review,
        misconductFinding,
        revocation,
        annualReport,
        changeFiling,
        monitoringCheck,
    ]

    /// `application_round`: Yearly rounds, keyed by year.
    private static let applicationRound = Entity(
        typeName: "ApplicationRound",
        table: "application_round",
        key: [.init("year", "smallint")],
        fields: [
            "year": .value(ValueField(.column("year"), .int)),
            "callTitle": .value(ValueField(.column("call_title"), .string)),
            "callIssuedOn": .value(ValueField(.column("call_issued_on"), .date)),
            "deadline": .value(ValueField(.column("deadline"), .date)),
            "standard": .object(Relation(target: "RecognitionStandard", condition: "{r}.code = {t}.standard_code")),
            "note": .value(ValueField(.column("note"), .string, nullable: true)),
            "isSample": .value(ValueField(.column("is_sample"), .boolean)),
            "applications": .connection(Relation(target: "Application", condition: "{r}.round_year = {t}.year")),
        ],
        defaultOrder: []
    )

    /// `application`: Applications with their stage dates; listed by submission date.
    private static let application = Entity(
        typeName: "Application",
        table: "application",
        key: [.init("id", "bigint")],
        fields: [
            "round": .object(Relation(target: "ApplicationRound", condition: "{r}.year = {t}.round_year")),
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "applicantCounty": .object(Relation(target: "County", condition: "{r}.code = {t}.applicant_county_code")),
            "prefecture": .object(Relation(target: "Prefecture", condition: "{r}.code = {t}.prefecture_code")),
            "submittedOn": .value(ValueField(.column("submitted_on"), .date)),
            "acceptedOn": .value(ValueField(.column("accepted_on"), .date, nullable: true)),
            "firstReviewOn": .value(ValueField(.column("first_review_on"), .date, nullable: true)),
            "siteCheckOn": .value(ValueField(.column("site_check_on"), .date, nullable: true)),
            "recommendedOn": .value(ValueField(.column("recommended_on"), .date, nullable: true)),
            "provincialReviewOn": .value(ValueField(.column("provincial_review_on"), .date, nullable: true)),
            "spotCheckOn": .value(ValueField(.column("spot_check_on"), .date, nullable: true)),
            "publicNoticeFrom": .value(ValueField(.column("public_notice_from"), .date, nullable: true)),
            "publicNoticeTo": .value(ValueField(.column("public_notice_to"), .date, nullable: true)),
            "decidedOn": .value(ValueField(.column("decided_on"), .date, nullable: true)),
            "outcome": .value(ValueField(.column("outcome_code"), .enumeration("ApplicationOutcome"))),
            "firstReviewBy": .value(ValueField(.column("first_review_by"), .string, nullable: true)),
            "provincialReviewBy": .value(ValueField(.column("provincial_review_by"), .string)),
            "rejectionReason": .value(ValueField(.column("rejection_reason"), .string, nullable: true)),
            "recognition": .object(
                Relation(target: "Recognition", condition: "{r}.application_id = {t}.id", nullable: true)),
            "objections": .connection(Relation(target: "NoticeObjection", condition: "{r}.application_id = {t}.id")),
            "version": .value(ValueField(.column("version"), .int)),
        ],
        defaultOrder: [.column("submitted_on")]
    )

    /// `recognition`: Recognitions (initial or renewed); listed by recognition date.
    private static let recognition = Entity(
        typeName: "Recognition",
        table: "recognition",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "application": .object(
                Relation(target: "Application", condition: "{r}.id = {t}.application_id", nullable: true)),
            "review": .object(Relation(target: "Review", condition: "{r}.id = {t}.review_id", nullable: true)),
            "recognizedOn": .value(ValueField(.column("recognized_on"), .date)),
            "validityYears": .value(ValueField(.column("validity_years"), .int)),
            "validUntil": .value(ValueField(.column("valid_until"), .date)),
            "noticeNo": .value(ValueField(.column("notice_no"), .string, nullable: true)),
            "revocation": .object(
                Relation(target: "Revocation", condition: "{r}.recognition_id = {t}.id", nullable: true)),
            "reviews": .connection(Relation(target: "Review", condition: "{r}.recognition_id = {t}.id")),
            "version": .value(ValueField(.column("version"), .int)),
        ],
        defaultOrder: [.column("recognized_on")]
    )

    /// `review`: Re-reviews; listed by request date.
    private static let review = Entity(
        typeName: "Review",
        table: "review",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "recognition": .object(Relation(target: "Recognition", condition: "{r}.id = {t}.recognition_id")),
            "prefecture": .object(Relation(target: "Prefecture", condition: "{r}.code = {t}.prefecture_code")),
            "requestedOn": .value(ValueField(.column("requested_on"), .date)),
            "decidedOn": .value(ValueField(.column("decided_on"), .date, nullable: true)),
            "outcome": .value(ValueField(.column("outcome_code"), .enumeration("ApplicationOutcome"))),
            "note": .value(ValueField(.column("note"), .string, nullable: true)),
            "renewal": .object(Relation(target: "Recognition", condition: "{r}.review_id = {t}.id", nullable: true)),
            "version": .value(ValueField(.column("version"), .int)),
        ],
        defaultOrder: [.column("requested_on")]
    )

    /// `revocation`: Revocations; listed by date.
    private static let revocation = Entity(
        typeName: "Revocation",
        table: "revocation",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "recognition": .object(Relation(target: "Recognition", condition: "{r}.id = {t}.recognition_id")),
            "ground": .value(ValueField(.column("ground_code"), .enumeration("RevocationGround"))),
            "revokedOn": .value(ValueField(.column("revoked_on"), .date)),
            "noticeNo": .value(ValueField(.column("notice_no"), .string, nullable: true)),
            "note": .value(ValueField(.column("note"), .string, nullable: true)),
        ],
        defaultOrder: [.column("revoked_on")]
    )

    /// `annual_report`: Annual reports; listed by the year reported on.
    private static let annualReport = Entity(
        typeName: "AnnualReport",
        table: "annual_report",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "year": .value(ValueField(.column("year"), .int)),
            "prefecture": .object(Relation(target: "Prefecture", condition: "{r}.code = {t}.prefecture_code")),
            "dueOn": .value(ValueField(.column("due_on"), .date)),
            "submittedOn": .value(ValueField(.column("submitted_on"), .date)),
            "summary": .value(ValueField(.column("summary"), .string, nullable: true)),
        ],
        defaultOrder: [.column("year")]
    )

    /// `change_filing`: Major changes and their filing; listed by change date.
    private static let changeFiling = Entity(
        typeName: "ChangeFiling",
        table: "change_filing",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "changeKind": .value(ValueField(.column("change_kind_code"), .enumeration("ChangeKind"))),
            "changedOn": .value(ValueField(.column("changed_on"), .date)),
            "dueOn": .value(ValueField(.column("due_on"), .date)),
            "filedOn": .value(ValueField(.column("filed_on"), .date, nullable: true)),
            // Art. 17: filed within one calendar month (due_on = changed_on + 1 month, clamped to the month's end), as
            // known on asOf: a filing made after that day had not happened yet.
            "filingStatus": .value(ValueField(.template(
                "(CASE WHEN {t}.filed_on <= {asOf} AND {t}.filed_on <= {t}.due_on THEN 'FILED_ON_TIME' "
                    + "WHEN {t}.filed_on <= {asOf} THEN 'FILED_LATE' WHEN {asOf} <= {t}.due_on THEN 'PENDING' "
                    + "ELSE 'UNFILED' END)"), .enumeration("FilingStatus"))),
            "daysLate": .value(ValueField(.template(
                "(CASE WHEN {t}.filed_on <= {asOf} THEN CASE WHEN {t}.filed_on > {t}.due_on THEN {t}.filed_on - {t}.due_on END "
                    + "WHEN {asOf} > {t}.due_on THEN {asOf} - {t}.due_on END)"), .int, nullable: true)),
            "oldValue": .value(ValueField(.column("old_value"), .string, nullable: true)),
            "newValue": .value(ValueField(.column("new_value"), .string, nullable: true)),
            "description": .value(ValueField(.column("description"), .string, nullable: true)),
        ],
        defaultOrder: [.column("changed_on")]
    )

    /// `monitoring_check`: Monitoring visits; listed by date.
    private static let monitoringCheck = Entity(
        typeName: "MonitoringCheck",
        table: "monitoring_check",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "checkedOn": .value(ValueField(.column("checked_on"), .date)),
            "checkedBy": .value(ValueField(.column("checked_by"), .string)),
            "cooperated": .value(ValueField(.column("cooperated"), .boolean)),
            "finding": .value(ValueField(.column("finding"), .string, nullable: true)),
        ],
        defaultOrder: [.column("checked_on")]
    )

    /// `misconduct_finding`: Findings of false application or illegal conduct (Art. 19(2)); listed by date.
    private static let misconductFinding = Entity(
        typeName: "MisconductFinding",
        table: "misconduct_finding",
        key: [.init("id", "bigint")],
        fields: [
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id")),
            "application": .object(Relation(target: "Application", condition: "{r}.id = {t}.application_id", nullable: true)),
            "foundOn": .value(ValueField(.column("found_on"), .date)),
            "foundBy": .value(ValueField(.column("found_by"), .string)),
            "description": .value(ValueField(.column("description"), .string)),
            "source": .value(ValueField(.column("source"), .string, nullable: true)),
        ],
        defaultOrder: [.column("found_on")]
    )
}
