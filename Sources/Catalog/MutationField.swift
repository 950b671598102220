/// A field of `Mutation`: one step of the process (Art. 12-19), run by the database function `mutation_<function>`
/// (migration 0025) through the dispatcher `mutation_run`, which checks the policy and writes the audit log.
///
/// The function takes the field's `input` argument as JSON and answers the ids of what it wrote, by payload field
/// name (`{"application": 12, "cluster": 5, "auditEvent": 99}`); the payload's selection is then compiled like any
/// other object's, each payload field a row of its entity found by that id, and read in the same transaction.
public struct MutationField: Sendable {
    /// The function's name after `mutation_`, e.g. `submit_application`.
    public let function: String
    /// The GraphQL payload type, e.g. `ApplicationPayload`.
    public let payloadType: String
    /// Input fields holding a global id (`applicationId`), by name, with the entity the id must name: the function is
    /// given the row's key, never the opaque id.
    public let globalIDInputs: [String: String]

    public init(function: String, payloadType: String, globalIDInputs: [String: String] = [:]) {
        self.function = function
        self.payloadType = payloadType
        self.globalIDInputs = globalIDInputs
    }
}

/// A payload type's fields: each an entity's row found by the id the mutation answered under `resultKey`.
public struct PayloadType: Sendable {
    public struct Field: Sendable {
        public let entity: String
        /// The key of the mutation function's answer holding the row's id.
        public let resultKey: String

        public init(_ entity: String, _ resultKey: String) {
            self.entity = entity
            self.resultKey = resultKey
        }
    }

    public let fields: [String: Field]

    public init(_ fields: [String: Field]) {
        self.fields = fields
    }
}
