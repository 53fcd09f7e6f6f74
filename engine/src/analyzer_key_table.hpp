// An exact hash table of the analyzer's state keys: node ids by key bytes, keys stored once in
// an arena (engine-internal).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace salesim::analysis {

inline std::uint64_t hash_bytes(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ (s.size() * 0xff51afd7ed558ccdull);
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, s.data() + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = (h ^ tail) * 0x94d049bb133111ebull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
}

class KeyTable {
public:
    KeyTable() { m_slots.assign(1u << 12, 0); }
    KeyTable(const KeyTable&) = delete;
    KeyTable& operator=(const KeyTable&) = delete;

    std::size_t size() const { return m_entries.size(); }

    /// Bytes held, and the bytes of its largest array (what its next growth may add at most twice).
    std::size_t memory() const {
        return m_bytes.capacity() + m_entries.capacity() * sizeof(Entry) +
               m_slots.capacity() * sizeof(std::uint64_t);
    }
    std::size_t largest() const {
        const std::size_t a = m_bytes.capacity(), b = m_entries.capacity() * sizeof(Entry);
        const std::size_t c = m_slots.capacity() * sizeof(std::uint64_t);
        return a > b ? (a > c ? a : c) : (b > c ? b : c);
    }

    /// The id of `key`, or -1 when absent.
    std::uint32_t find(std::string_view key) const {
        const std::uint64_t h = hash_bytes(key);
        const std::uint64_t tag = h & 0xffffffff00000000ull;
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h) & mask; m_slots[i] != 0; i = (i + 1) & mask) {
            if ((m_slots[i] & 0xffffffff00000000ull) != tag) continue;
            const auto id = static_cast<std::uint32_t>((m_slots[i] & 0xffffffffu) - 1);
            const Entry& e = m_entries[id];
            if (e.len == key.size() && std::memcmp(m_bytes.data() + e.off, key.data(), e.len) == 0) return id;
        }
        return 0xffffffffu;
    }

    /// The id of `key`, inserting it with the next id when absent; second is true when inserted.
    std::pair<std::uint32_t, bool> insert(std::string_view key) {
        const std::uint64_t h = hash_bytes(key);
        const std::uint64_t tag = h & 0xffffffff00000000ull;
        const std::size_t mask = m_slots.size() - 1;
        std::size_t i = static_cast<std::size_t>(h) & mask;
        while (m_slots[i] != 0) {
            if ((m_slots[i] & 0xffffffff00000000ull) == tag) {
                const auto id = static_cast<std::uint32_t>((m_slots[i] & 0xffffffffu) - 1);
                const Entry& e = m_entries[id];
                if (e.len == key.size() && std::memcmp(m_bytes.data() + e.off, key.data(), e.len) == 0)
                    return {id, false};
            }
            i = (i + 1) & mask;
        }
        const auto id = static_cast<std::uint32_t>(m_entries.size());
        m_entries.push_back(Entry{h, m_bytes.size(), static_cast<std::uint32_t>(key.size())});
        m_bytes.insert(m_bytes.end(), key.begin(), key.end());
        m_slots[i] = tag | (static_cast<std::uint64_t>(id) + 1);
        if (m_entries.size() * 2 > m_slots.size()) grow();
        return {id, true};
    }

private:
    struct Entry {
        std::uint64_t hash;
        std::size_t off;
        std::uint32_t len;
    };

    void grow() {
        std::vector<std::uint64_t> slots(m_slots.size() * 2, 0);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t id = 0; id < m_entries.size(); ++id) {
            const std::uint64_t h = m_entries[id].hash;
            std::size_t i = static_cast<std::size_t>(h) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = (h & 0xffffffff00000000ull) | (static_cast<std::uint64_t>(id) + 1);
        }
        m_slots = std::move(slots);
    }

    std::vector<char> m_bytes;
    std::vector<Entry> m_entries;
    std::vector<std::uint64_t> m_slots;  // high half: the hash's high half; low half: id + 1
};

inline void put_varint(std::string& key, std::uint64_t v) {
    do {
        key.push_back(static_cast<char>((v & 0x7f) | (v > 0x7f ? 0x80 : 0)));
        v >>= 7;
    } while (v != 0);
}

}  // namespace salesim::analysis
