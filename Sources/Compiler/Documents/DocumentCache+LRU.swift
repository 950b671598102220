extension DocumentCache {
    /// A bounded map that forgets its least recently used entry when full. Not thread-safe: the
    /// cache guards it with its lock.
    ///
    /// Entries live in one array linked by indices (a doubly linked recency list without one
    /// allocation per entry); a full map reuses the evicted entry's slot, so lookups, updates and
    /// evictions are O(1).
    public struct LRU<Key: Hashable, Value> {
        private struct Slot {
            var key: Key
            var value: Value
            /// Neighbour used more recently, nil for the newest.
            var newer: Int?
            /// Neighbour used less recently, nil for the oldest.
            var older: Int?
        }

        public let capacity: Int
        private var slots: [Slot] = []
        private var slotByKey: [Key: Int] = [:]
        private var newest: Int?
        private var oldest: Int?

        /// `capacity` below 1 is taken as 1.
        public init(capacity: Int) {
            self.capacity = max(1, capacity)
        }

        public var count: Int { slotByKey.count }

        /// The value for `key`, which becomes the most recently used.
        public mutating func value(for key: Key) -> Value? {
            guard let slot = slotByKey[key] else { return nil }
            moveToFront(slot)
            return slots[slot].value
        }

        /// Stores `value` as the most recently used entry; returns the key evicted to make room.
        @discardableResult
        public mutating func insert(_ value: Value, for key: Key) -> Key? {
            if let slot = slotByKey[key] {
                slots[slot].value = value
                moveToFront(slot)
                return nil
            }
            if slots.count < capacity {
                slots.append(Slot(key: key, value: value, newer: nil, older: nil))
                let slot = slots.count - 1
                slotByKey[key] = slot
                pushFront(slot)
                return nil
            }
            guard let slot = oldest else { return nil }
            let evicted = slots[slot].key
            slotByKey[evicted] = nil
            slots[slot].key = key
            slots[slot].value = value
            slotByKey[key] = slot
            moveToFront(slot)
            return evicted
        }

        private mutating func moveToFront(_ slot: Int) {
            guard newest != slot else { return }
            unlink(slot)
            pushFront(slot)
        }

        private mutating func unlink(_ slot: Int) {
            let newer = slots[slot].newer
            let older = slots[slot].older
            if let newer { slots[newer].older = older } else { newest = older }
            if let older { slots[older].newer = newer } else { oldest = newer }
            slots[slot].newer = nil
            slots[slot].older = nil
        }

        private mutating func pushFront(_ slot: Int) {
            slots[slot].newer = nil
            slots[slot].older = newest
            if let newest { slots[newest].newer = slot }
            newest = slot
            if oldest == nil { oldest = slot }
        }
    }
}
