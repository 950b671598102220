/// The catalog of qunji's data model: every entity of `schema/schema.graphql` mapped to its table, every root
/// field, and every enum with the lookup table holding its values. `CatalogSchemaTests` proves that this and the
/// schema agree field by field and that every SQL fragment here runs against the migrated database.
///
/// Conventions of the SQL fragments: `{t}` is the owning row's alias and `{r}` the related row's; subqueries
/// alias their tables `sub_…`, a prefix the compiler's generated aliases must not use, so that an inner alias
/// never shadows an outer one.
extension Catalog {
    public static let qunji = Catalog(
        entities: geographyEntities + referenceEntities + clusterEntities + enterpriseEntities + supportEntities
            + processEntities + policyRuleEntities + auditEntities,
        rootFields: qunjiRootFields,
        enums: qunjiEnums.merging(policyRuleEnums) { table, _ in table },
        mutations: qunjiMutations,
        payloads: qunjiPayloads
    )

    /// GraphQL enum → lookup table whose `code` column lists its values, in the enum's order (`rank`, or `item`
    /// for revocation grounds). An empty name: the values come from a CHECK constraint on a lowercase column,
    /// mapped by an `upper(…)` template where the enum is used.
    static let qunjiEnums: [String: String] = [
        "ClusterStatus": "cluster_status",
        "FilingStatus": "",
        "EnterpriseSize": "enterprise_size",
        "QualificationKind": "qualification_kind",
        "QualificationLevel": "qualification_level",
        "IncidentKind": "incident_kind",
        "IncidentGrade": "incident_grade",
        "SupportKind": "support_kind",
        "SupportDirection": "support_direction",
        "GrantingLevel": "granting_level",
        "ChangeKind": "change_kind",
        "RevocationGround": "revocation_ground",
        "ApplicationOutcome": "application_outcome",
        "ReviewDecision": "",
        "FundKind": "fund_kind",
        "DataSetKind": "",
        "PublicNoticeLevel": "",
        "PublicNoticeStatus": "",
    ]
}
