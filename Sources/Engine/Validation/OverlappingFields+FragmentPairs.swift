extension OverlappingFields {
    /// Whether a comparison recorded with `recorded` exclusivity answers one asked with
    /// `areMutuallyExclusive`. A comparison without exclusivity covers one with it, not the other
    /// way round: the exclusive comparison skips the field-name and argument checks.
    private static func covers(recorded: Bool, areMutuallyExclusive: Bool) -> Bool {
        areMutuallyExclusive || !recorded
    }

    /// Pairs of fragment names already compared, unordered (graphql-js's `PairSet`). Two fragments
    /// can meet many times in one document; comparing each pair once keeps the rule polynomial and
    /// stops recursion through fragments that spread each other.
    struct FragmentPairs {
        /// For the smaller name, the larger names it was compared with, and whether that comparison
        /// assumed mutually exclusive parents.
        private var compared: [String: [String: Bool]] = [:]

        func contains(_ name1: String, _ name2: String, areMutuallyExclusive: Bool) -> Bool {
            let (key1, key2) = name1 < name2 ? (name1, name2) : (name2, name1)
            guard let recorded = compared[key1]?[key2] else { return false }
            return covers(recorded: recorded, areMutuallyExclusive: areMutuallyExclusive)
        }

        mutating func insert(_ name1: String, _ name2: String, areMutuallyExclusive: Bool) {
            let (key1, key2) = name1 < name2 ? (name1, name2) : (name2, name1)
            compared[key1, default: [:]][key2] = areMutuallyExclusive
        }
    }

    /// (field collection, fragment name) pairs already compared (graphql-js's `OrderedPairSet`
    /// of field maps and fragment names). Collections are cached per selection set, so their
    /// identity names them.
    struct FieldsAndFragmentPairs {
        private var compared: [ObjectIdentifier: [String: Bool]] = [:]

        func contains(_ fieldMap: FieldMap, _ fragmentName: String, areMutuallyExclusive: Bool) -> Bool {
            guard let recorded = compared[ObjectIdentifier(fieldMap)]?[fragmentName] else { return false }
            return covers(recorded: recorded, areMutuallyExclusive: areMutuallyExclusive)
        }

        mutating func insert(_ fieldMap: FieldMap, _ fragmentName: String, areMutuallyExclusive: Bool) {
            compared[ObjectIdentifier(fieldMap), default: [:]][fragmentName] = areMutuallyExclusive
        }
    }
}
