import Catalog
import Foundation
@testable import SchemaSource
import TestSupport
import Testing

/// The schema's generated sections come from the catalog (issue 17 §4): the committed file is what the catalog
/// generates, a change to the catalog changes them, and the hand-written types may not disagree with it.
@Suite("Schema sections generated from the catalog")
struct GeneratedSectionsTests {
    static let committed = Result { try String(contentsOf: Repository.url("schema/schema.graphql"), encoding: .utf8) }

    @Test("schema/schema.graphql is exactly what the catalog generates (run `qunji schema generate` when this fails)")
    func committedIsUpToDate() throws {
        let committed = try Self.committed.get()
        let generated = try GeneratedSections.regenerate(committed, catalog: .qunji)
        #expect(generated == committed, "schema/schema.graphql differs from what the catalog generates; run `qunji schema generate`")
    }

    @Test("from the hand-written types alone (every generated line removed), the same file comes out")
    func handWrittenAloneSuffices() throws {
        let committed = try Self.committed.get()
        let handWritten = try GeneratedSections.handWritten(committed)
        for generated in ["input ClusterFilter", "\n    orderBy: [", "\n    where: ", "\n  aggregate: ", "\n  clusterGroups(\n", "# ---- "] {
            #expect(!handWritten.contains(generated), "\(generated)")
        }
        #expect(handWritten.count < committed.count / 2)
        #expect(try GeneratedSections.regenerate(handWritten, catalog: .qunji) == committed)
    }

    @Test("a field the catalog marks unsortable leaves the order and filter inputs, and stays in the aggregates")
    func catalogDecides() throws {
        let catalog = try Self.catalog(replacing: "Enterprise", field: "employees",
                                       with: .value(ValueField(.column("employees"), .int, nullable: true, sortable: false)))
        let generated = try GeneratedSections.regenerate(try Self.committed.get(), catalog: catalog)
        #expect(!Self.block("input EnterpriseOrderBy", in: generated).contains("employees:"))
        #expect(!Self.block("input EnterpriseFilter", in: generated).contains("employees:"))
        #expect(Self.block("type EnterpriseSumFields", in: generated).contains("employees: Int"))
        #expect(Self.block("input EnterpriseOrderBy", in: try Self.committed.get()).contains("employees: OrderDirection"))
    }

    @Test("a Date field becomes a DateFilter condition and a min/max field; an enum field gets its enum's operator input")
    func kindsDecideOperators() throws {
        let committed = try Self.committed.get()
        #expect(Self.block("input EnterpriseFilter", in: committed).contains("foundedOn: DateFilter"))
        #expect(Self.block("type EnterpriseMinFields", in: committed).contains("foundedOn: Date"))
        #expect(!Self.block("type EnterpriseSumFields", in: committed).contains("foundedOn"))
        #expect(Self.block("input EnterpriseFilter", in: committed).contains("size: EnterpriseSizeFilter"))
        #expect(committed.contains("input EnterpriseSizeFilter {"))
    }

    @Test("a field in the schema but not in the catalog, or the reverse, is an error naming it")
    func disagreementsAreNamed() throws {
        let committed = try Self.committed.get()
        let extra = committed.replacingOccurrences(
            of: "type Enterprise implements Node {\n", with: "type Enterprise implements Node {\n  \"\"\"Not in the catalog.\"\"\"\n  bogus: Int\n")
        #expect(extra != committed)
        #expect(throws: SchemaSourceError.catalogMismatch(["Enterprise.bogus is in the schema but not in the catalog"])) {
            try GeneratedSections.regenerate(extra, catalog: .qunji)
        }
        let catalog = try Self.catalog(replacing: "Enterprise", field: "bogus", with: .value(ValueField(.column("id"), .int)))
        #expect(throws: SchemaSourceError.catalogMismatch(["Enterprise.bogus is in the catalog but not in the schema"])) {
            try GeneratedSections.regenerate(committed, catalog: catalog)
        }
    }

    /// The catalog with one field of one entity replaced (or added).
    static func catalog(replacing type: String, field: String, with replacement: EntityField) throws -> Catalog {
        let qunji = Catalog.qunji
        let entities = qunji.entities.values.map { entity -> Entity in
            guard entity.typeName == type else { return entity }
            var fields = entity.fields
            fields[field] = replacement
            return Entity(typeName: entity.typeName, table: entity.table, key: entity.key, fields: fields,
                          defaultOrder: entity.defaultOrder, computed: entity.isComputed, regionCondition: entity.regionCondition)
        }
        return Catalog(entities: entities, rootFields: qunji.rootFields, enums: qunji.enums)
    }

    /// The text of one definition, from its header to its closing brace.
    static func block(_ header: String, in text: String) -> String {
        guard let start = text.range(of: header + " {") else { return "" }
        guard let end = text.range(of: "\n}", range: start.upperBound..<text.endIndex) else { return "" }
        return String(text[start.lowerBound..<end.upperBound])
    }
}
