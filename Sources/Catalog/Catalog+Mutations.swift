/// The process as mutations (issue 20): each step recorded by the body the measures name, through its database
/// function (migration 0025), with the audit log it leaves and the objections a public notice may draw.
extension Catalog {
    static let auditEntities: [Entity] = [auditEvent, noticeObjection]

    /// The steps, by GraphQL field name. Input fields named `…Id` hold global ids of the entity named here.
    static let qunjiMutations: [String: MutationField] = [
        "submitApplication": MutationField(function: "submit_application", payloadType: "ApplicationPayload"),
        "withdrawApplication": applicationStep("withdraw_application"),
        "acceptApplication": applicationStep("accept_application"),
        "recordFirstReview": applicationStep("record_first_review"),
        "recordSiteCheck": applicationStep("record_site_check"),
        "recommendApplication": applicationStep("recommend_application"),
        "rejectApplication": applicationStep("reject_application"),
        "reviewApplication": applicationStep("review_application"),
        "publishNotice": applicationStep("publish_notice"),
        "recordObjection": MutationField(function: "record_objection", payloadType: "ObjectionPayload",
                                         globalIDInputs: ["applicationId": "Application"]),
        "recognizeCluster": MutationField(function: "recognize_cluster", payloadType: "RecognitionPayload",
                                          globalIDInputs: ["applicationId": "Application"]),
        "fileAnnualReport": MutationField(function: "file_annual_report", payloadType: "AnnualReportPayload"),
        "fileChange": MutationField(function: "file_change", payloadType: "ChangeFilingPayload"),
        "requestReview": MutationField(function: "request_review", payloadType: "ReviewPayload"),
        "decideReview": MutationField(function: "decide_review", payloadType: "ReviewPayload",
                                      globalIDInputs: ["reviewId": "Review"]),
        "revokeRecognition": MutationField(function: "revoke_recognition", payloadType: "RevocationPayload",
                                           globalIDInputs: ["recognitionId": "Recognition"]),
        "recordMonitoringCheck": MutationField(function: "record_monitoring_check", payloadType: "MonitoringCheckPayload"),
        "recordSupportMeasure": MutationField(function: "record_support_measure", payloadType: "SupportMeasurePayload"),
        "recordIncident": MutationField(function: "record_incident", payloadType: "IncidentPayload"),
    ]

    private static func applicationStep(_ function: String) -> MutationField {
        MutationField(function: function, payloadType: "ApplicationPayload", globalIDInputs: ["applicationId": "Application"])
    }

    /// Every payload has the cluster the step concerns and the audit event it wrote.
    static let qunjiPayloads: [String: PayloadType] = [
        "ApplicationPayload": payload(["application": .init("Application", "application")]),
        "ObjectionPayload": payload(["objection": .init("NoticeObjection", "objection"),
                                     "application": .init("Application", "application")]),
        "RecognitionPayload": payload(["recognition": .init("Recognition", "recognition"),
                                       "application": .init("Application", "application")]),
        "AnnualReportPayload": payload(["annualReport": .init("AnnualReport", "annualReport")]),
        "ChangeFilingPayload": payload(["changeFiling": .init("ChangeFiling", "changeFiling")]),
        "ReviewPayload": payload(["review": .init("Review", "review"), "recognition": .init("Recognition", "recognition")]),
        "RevocationPayload": payload(["revocation": .init("Revocation", "revocation"),
                                      "recognition": .init("Recognition", "recognition")]),
        "MonitoringCheckPayload": payload(["monitoringCheck": .init("MonitoringCheck", "monitoringCheck")]),
        "SupportMeasurePayload": payload(["supportMeasure": .init("SupportMeasure", "supportMeasure")]),
        "IncidentPayload": payload(["incident": .init("Incident", "incident"), "enterprise": .init("Enterprise", "enterprise")]),
    ]

    private static func payload(_ fields: [String: PayloadType.Field]) -> PayloadType {
        PayloadType(fields.merging(["cluster": .init("Cluster", "cluster"), "auditEvent": .init("AuditEvent", "auditEvent")]) { own, _ in own })
    }

    /// `audit_event`: one per committed mutation, with the rows it changed (`audit_change`) as JSON text. A principal
    /// limited to a prefecture reads the events of its own clusters.
    private static let auditEvent = Entity(
        typeName: "AuditEvent",
        table: "audit_event",
        key: [.init("id", "bigint")],
        fields: [
            "at": .value(ValueField(.template("to_char({t}.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"+08:00\"')"),
                                    .string)),
            "mutation": .value(ValueField(.column("mutation"), .string)),
            "role": .value(ValueField(.column("role"), .string)),
            "scopeCode": .value(ValueField(.column("scope_code"), .string, nullable: true)),
            "fundCode": .value(ValueField(.column("fund_code"), .string, nullable: true)),
            "subject": .value(ValueField(.column("subject"), .string, nullable: true)),
            "requestId": .value(ValueField(.column("request_id"), .string, nullable: true)),
            "clientAddress": .value(ValueField(.column("client_address"), .string, nullable: true)),
            "input": .value(ValueField(.template("{t}.input::text"), .string, sortable: false)),
            "changes": .value(ValueField(.template("""
                (SELECT coalesce(jsonb_agg(jsonb_build_object('table', sub_c.table_name, 'operation', sub_c.operation, \
                'rowId', sub_c.row_id, 'before', sub_c.before, 'after', sub_c.after) ORDER BY sub_c.id), '[]'::jsonb)::text \
                FROM audit_change sub_c WHERE sub_c.event_id = {t}.id)
                """), .string, sortable: false)),
            "cluster": .object(Relation(target: "Cluster", condition: "{r}.id = {t}.cluster_id", nullable: true)),
            "prefecture": .object(Relation(target: "Prefecture", condition: "{r}.code = {t}.prefecture_code", nullable: true)),
        ],
        defaultOrder: [.column("id")],
        regionCondition: "{t}.prefecture_code = {region}"
    )

    /// `notice_objection`: objections during a public notice; listed by the day received.
    private static let noticeObjection = Entity(
        typeName: "NoticeObjection",
        table: "notice_objection",
        key: [.init("id", "bigint")],
        fields: [
            "application": .object(Relation(target: "Application", condition: "{r}.id = {t}.application_id")),
            "receivedOn": .value(ValueField(.column("received_on"), .date)),
            "summary": .value(ValueField(.column("summary"), .string)),
            "upheld": .value(ValueField(.column("upheld"), .boolean)),
        ],
        defaultOrder: [.column("received_on")],
        // A summary may name enterprises: a principal limited to a prefecture reads its own prefecture's objections.
        regionCondition: "{t}.application_id IN (SELECT sub_a.id FROM application sub_a WHERE sub_a.prefecture_code = {region})"
    )
}
