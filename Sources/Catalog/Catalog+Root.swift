/// The fields of `Query`: a connection over every list users start from, look-ups by natural key or global
/// id, and Relay's `node(id:)`.
extension Catalog {
    static let qunjiRootFields: [String: RootField] = [
        "prefectures": .connection(entity: "Prefecture"),
        "prefecture": .lookup(
            entity: "Prefecture",
            arguments: [
                "code": LookupArgument(column: "code", sqlType: "text"),
            ]),
        "counties": .connection(entity: "County"),
        "county": .lookup(entity: "County", arguments: ["code": LookupArgument(column: "code", sqlType: "text")]),
        "industrialBases": .connection(entity: "IndustrialBase"),
        "industrialBase": .lookup(
            entity: "IndustrialBase",
            arguments: [
                "code": LookupArgument(column: "code", sqlType: "text"),
            ]),
        "clusters": .connection(entity: "Cluster"),
        "cluster": .lookup(
            entity: "Cluster",
            arguments: [
                "id": LookupArgument(column: "id", sqlType: "bigint", isGlobalID: true),
                "code": LookupArgument(column: "code", sqlType: "text"),
            ]),
        "enterprises": .connection(entity: "Enterprise"),
        "enterprise": .lookup(
            entity: "Enterprise",
            arguments: [
                "id": LookupArgument(column: "id", sqlType: "bigint", isGlobalID: true),
                "creditCode": LookupArgument(column: "credit_code", sqlType: "text"),
            ]),
        "qualifications": .connection(entity: "Qualification"),
        "incidents": .connection(entity: "Incident"),
        "clusterIndicators": .connection(entity: "ClusterIndicator"),
        "funds": .connection(entity: "Fund"),
        "fund": .lookup(entity: "Fund", arguments: ["code": LookupArgument(column: "code", sqlType: "text")]),
        "supportMeasures": .connection(entity: "SupportMeasure"),
        "planTargets": .connection(entity: "PlanTarget"),
        "targetProgress": .targetProgress,
        "distribution": .distribution,
        "clusterGroups": .groups(entity: "Cluster"),
        "enterpriseGroups": .groups(entity: "Enterprise"),
        "supportMeasureGroups": .groups(entity: "SupportMeasure"),
        "indicatorGroups": .groups(entity: "ClusterIndicator"),
        "planTarget": .lookup(
            entity: "PlanTarget",
            arguments: [
                "code": LookupArgument(column: "code", sqlType: "text"),
            ]),
        "recognitionStandards": .connection(entity: "RecognitionStandard"),
        "recognitionStandard": .lookup(
            entity: "RecognitionStandard",
            arguments: [
                "code": LookupArgument(column: "code", sqlType: "text"),
            ]),
        "applicationRounds": .connection(entity: "ApplicationRound"),
        "applicationRound": .lookup(
            entity: "ApplicationRound",
            arguments: [
                "year": LookupArgument(column: "year", sqlType: "smallint"),
            ]),
        "applications": .connection(entity: "Application"),
        "recognitions": .connection(entity: "Recognition"),
        "reviews": .connection(entity: "Review"),
        "revocations": .connection(entity: "Revocation"),
        "annualReports": .connection(entity: "AnnualReport"),
        "changeFilings": .connection(entity: "ChangeFiling"),
        "monitoringChecks": .connection(entity: "MonitoringCheck"),
        "countyIndustries": .connection(entity: "CountyIndustry"),
        "publicClusterNotices": .connection(entity: "PublicClusterNotice"),
        "dataSets": .connection(entity: "DataSet"),
        "dataSet": .lookup(entity: "DataSet", arguments: ["code": LookupArgument(column: "code", sqlType: "text")]),
        "auditEvents": .connection(entity: "AuditEvent"),
        "node": .node,
    ]
}
