/// What the database's public schema defines, as text: each table, view and function with its body. The answer
/// cache reads from it which tables a statement depends on, through the views and functions it calls
/// (`TableDependencies`), from the database's own definitions rather than a list kept by hand.
public struct SchemaDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case table, view, function
    }

    public let name: String
    public let kind: Kind
    /// A view's query or a function's source; empty for a table.
    public let body: String

    public init(name: String, kind: Kind, body: String) {
        self.name = name
        self.kind = kind
        self.body = body
    }
}

extension PostgresConnection {
    /// The tables, views and functions of the `public` schema.
    public func schemaDefinitions() throws(PostgresError) -> [SchemaDefinition] {
        let rows = try query("""
            SELECT c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END,
                   CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) ELSE '' END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
            UNION ALL
            SELECT p.proname, 'function', p.prosrc
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public'
            """)
        return (0..<rows.count).compactMap { index in
            let row = rows.row(index)
            guard let name = row[0], let kind = row[1].flatMap(SchemaDefinition.Kind.init(rawValue:)) else { return nil }
            return SchemaDefinition(name: name, kind: kind, body: row[2] ?? "")
        }
    }
}
