import GraphQL
import Planner

extension OverlappingFields {
    /// Whether two fields' return types could not describe one value (graphql-js's
    /// `doTypesConflict`): list and non-null wrappers must match level by level, and leaf types must
    /// be the same type. Composite types never conflict here; their sub-fields are compared later.
    ///
    /// Named types are compared by name: GraphQL 4.3.0 builds fresh wrapper instances whenever a
    /// field map is built, and within one schema a name identifies a type.
    static func doTypesConflict(_ type1: any GraphQLType, _ type2: any GraphQLType) -> Bool {
        if let list1 = type1 as? GraphQLList {
            guard let list2 = type2 as? GraphQLList else { return true }
            return doTypesConflict(list1.ofType, list2.ofType)
        }
        if type2 is GraphQLList { return true }
        if let nonNull1 = type1 as? GraphQLNonNull {
            guard let nonNull2 = type2 as? GraphQLNonNull else { return true }
            return doTypesConflict(nonNull1.ofType, nonNull2.ofType)
        }
        if type2 is GraphQLNonNull { return true }
        if type1 is any GraphQLLeafType || type2 is any GraphQLLeafType {
            return (type1 as? any GraphQLNamedType)?.name != (type2 as? any GraphQLNamedType)?.name
        }
        return false
    }
}
