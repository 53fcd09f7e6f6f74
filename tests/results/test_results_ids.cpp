// Pins every id the program exports (xAPI statement ids, registrations) to the values earlier
// releases wrote, so a change of UUID implementation cannot move an id a learning record store holds.
#include "results_test_util.hpp"

#include <salesim/results/exchange.hpp>
#include <salesim/results/sqlite_store.hpp>
#include <salesim/results/uuid.hpp>

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace salesim::results {
namespace {

// The namespace statement ids live in: version 5 of our base URL in RFC 4122's URL namespace.
constexpr const char* statement_ns = "68c3a9cd-227a-50de-9c16-01aaea005ccb";

struct Pinned {
    const char* attempt;
    const char* role;
    const char* id;
};

// Computed by the version 5 code every release so far has exported with.
constexpr Pinned pinned_statement_ids[] = {
    {"0f8fad5b-d9cb-469f-a165-70867728950e", "attempted", "e3511a43-440a-594d-ac78-6527b760db3c"},
    {"0f8fad5b-d9cb-469f-a165-70867728950e", "answered/1", "baf2c1c0-6989-5413-b699-9cd4d6472ac7"},
    {"0f8fad5b-d9cb-469f-a165-70867728950e", "answered/12", "43d8c484-bded-55e1-9c7a-5926a6155f87"},
    {"0f8fad5b-d9cb-469f-a165-70867728950e", "completed", "7a49e8f1-3d1c-57a3-b0d3-d1935b526679"},
    {"0f8fad5b-d9cb-469f-a165-70867728950e", "passed", "6c7eb4ad-a1c6-5261-a467-31513672c343"},
    {"0f8fad5b-d9cb-469f-a165-70867728950e", "failed", "e763ad0f-4059-57b4-9524-f410a59b3716"},
    {"0f8fad5b-d9cb-469f-a165-70867728950e", "abandoned", "46e8fd36-a4a9-5d5c-adfe-19319af4ce36"},
    // An imported registration may be upper case; it is used as written.
    {"7C9E6679-7425-40DE-944B-E07FC1F90AE7", "attempted", "43d1ac5f-c3cd-5d02-996b-63c50d1006e5"},
    {"7C9E6679-7425-40DE-944B-E07FC1F90AE7", "answered/1", "2a339f37-5ed2-5b21-840d-e4ae08bedc27"},
    {"7C9E6679-7425-40DE-944B-E07FC1F90AE7", "answered/12", "384cee52-5522-5e84-9d86-36a6f9addee4"},
    {"7C9E6679-7425-40DE-944B-E07FC1F90AE7", "completed", "91a3036b-5775-5767-b1be-77fb6903ec36"},
    {"7C9E6679-7425-40DE-944B-E07FC1F90AE7", "passed", "805929e3-41ad-5a52-901e-a9bae66262d8"},
    {"7C9E6679-7425-40DE-944B-E07FC1F90AE7", "failed", "c1d85b49-5756-57a6-a96c-2618ee4f7e09"},
    {"7C9E6679-7425-40DE-944B-E07FC1F90AE7", "abandoned", "7e0e84d6-62c3-59ba-94a7-09c3ae1c598c"},
};

TEST(ResultsIds, StatementNamespaceIsPinned) {
    EXPECT_EQ(uuid_v5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", xapi_base), statement_ns);
    // The namespace may be written in upper case.
    EXPECT_EQ(uuid_v5("6BA7B811-9DAD-11D1-80B4-00C04FD430C8", xapi_base), statement_ns);
}

TEST(ResultsIds, StatementIdsArePinned) {
    for (const auto& p : pinned_statement_ids)
        EXPECT_EQ(uuid_v5(statement_ns, std::string(p.attempt) + "/" + p.role), p.id)
            << p.attempt << "/" << p.role;
}

TEST(ResultsIds, NamesOfEveryLengthArePinned) {
    // Around SHA-1's block edges, empty, and long with UTF-8 bytes.
    EXPECT_EQ(uuid_v5(statement_ns, ""), "1bce4818-d292-5307-8140-ed1690f642a7");
    EXPECT_EQ(uuid_v5(statement_ns, std::string(55, 'a')), "8ed0fd0b-fde3-57de-9738-3100940c4762");
    EXPECT_EQ(uuid_v5(statement_ns, std::string(56, 'a')), "99df1269-d5d5-5b77-aa7a-d4987ec74558");
    EXPECT_EQ(uuid_v5(statement_ns, std::string(64, 'a')), "3b9fb68c-2a01-54af-ab8f-341b28582aba");
    EXPECT_EQ(uuid_v5(statement_ns, std::string(200, 'x') + "äö"), "d169e895-f71e-5ed3-bc86-84a01f834075");
    EXPECT_THROW(uuid_v5("not-a-uuid", "x"), std::invalid_argument);
}

void set_attempt_uuids(const std::filesystem::path& db) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    const char* sql = "UPDATE attempts SET uuid = printf('00000000-0000-4000-8000-%012d', id)";
    ASSERT_EQ(sqlite3_exec(h, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(h);
    sqlite3_close(h);
}

// What `salesim export --format xapi` writes for a finished, a failed, an open and an abandoned
// attempt whose uuids are known: every statement id and registration, in order.
TEST(ResultsIds, ExportedXapiIdsArePinned) {
    const auto dir = test::scratch("ids");
    const auto db = dir / "results.db";
    {
        SqliteStore store(db);
        Recorder rec(store);
        test::play_recorded(rec, "Anna", "tutorial-first-sale", 1, 0);
        test::play_recorded(rec, "Bob", "chairs-agency", 4, 1);
        Session open(test::scenario("bike-shop"), 6);
        const auto id = rec.begin_attempt("Bob", open, "en");
        rec.record_decision(id, open, open.choose(0));
        Session gone(test::scenario("bike-shop"), 7);
        const auto id2 = rec.begin_attempt("Anna", gone, "en");
        rec.record_decision(id2, gone, gone.choose(0));
        rec.abandon(id2);
    }
    set_attempt_uuids(db);
    SqliteStore store(db);
    Warnings w;
    const auto doc = nlohmann::json::parse(export_xapi(store, {}, w));
    std::vector<std::string> got;
    for (const auto& s : doc)
        got.push_back(s["id"].get<std::string>() + " " + s["context"]["registration"].get<std::string>());
    // The ids of the same decisions are the same as before the closing rules (a statement's id
    // comes from its registration and decision index); the plays now have more decisions (the
    // check after an answer, objections that come back before the close), hence more statements.
    const std::vector<std::string> want = {
        "ee71e8d5-1683-5ca5-bfbf-0551924b0150 00000000-0000-4000-8000-000000000001",
        "bf453009-cd20-5874-8ac1-92e7b37b1abb 00000000-0000-4000-8000-000000000001",
        "c28089ca-8564-5793-bca2-e7949de01b0a 00000000-0000-4000-8000-000000000001",
        "e7cf1b3d-5f5e-58cf-8487-7e337eb8443a 00000000-0000-4000-8000-000000000001",
        "b6fc4b08-328d-5cb4-bf81-c54898c80f05 00000000-0000-4000-8000-000000000001",
        "4f20deb8-8c8e-5308-8356-95487d2d72ee 00000000-0000-4000-8000-000000000001",
        "811c9664-c40b-5558-a440-d7858d6790f4 00000000-0000-4000-8000-000000000001",
        "39a1becb-7f0f-59eb-b464-8078e58c9c68 00000000-0000-4000-8000-000000000001",
        "ce99d8a0-c066-55e1-b014-27c4668f304d 00000000-0000-4000-8000-000000000001",
        "c7f529e8-025f-59e9-9ecd-6e43db2fd6fa 00000000-0000-4000-8000-000000000001",
        "4296d3e9-88c3-59ae-b6d1-faddb0b17c30 00000000-0000-4000-8000-000000000001",
        "c1fe9b4e-0dfc-5233-bee7-d6bbb0e369f4 00000000-0000-4000-8000-000000000001",
        "e8898be9-7561-5f17-ac41-264507e81c39 00000000-0000-4000-8000-000000000001",
        "309707b4-05cf-555c-a8b5-56e0f300c186 00000000-0000-4000-8000-000000000001",
        "ef1d5fc9-34bb-593a-94ca-036d5b2e9796 00000000-0000-4000-8000-000000000001",
        "b14238d1-bb39-54a9-9dd6-ec2198eb6a63 00000000-0000-4000-8000-000000000001",
        "3f687a27-c950-5253-9a2f-7d73772abc2f 00000000-0000-4000-8000-000000000001",
        "1c204568-20ad-5f49-9932-a88acaebcf6d 00000000-0000-4000-8000-000000000001",
        "08b17762-848c-5bf2-b14f-4fa33fea5a56 00000000-0000-4000-8000-000000000001",
        "56c75e7e-d4a0-5e94-a99b-6414c11f1230 00000000-0000-4000-8000-000000000001",
        "c1ca9d17-dd3b-529e-9774-1a56696bc6de 00000000-0000-4000-8000-000000000001",
        "1a6d87a0-5d26-5f5a-9bb7-0de196ddc890 00000000-0000-4000-8000-000000000001",
        "e41a4269-ed4c-5791-9056-3d1bd1b49f03 00000000-0000-4000-8000-000000000001",
        "740e456e-a257-5a35-a18e-a068e75bcf15 00000000-0000-4000-8000-000000000002",
        "750e9926-b486-5e38-913a-30db8cbc7f5f 00000000-0000-4000-8000-000000000002",
        "787e23d5-7e1c-5a51-a03f-24d76ba422b2 00000000-0000-4000-8000-000000000002",
        "29e57336-140b-500a-9563-8c6b29c2829e 00000000-0000-4000-8000-000000000002",
        "ae09512c-4510-53e7-9776-f7b2eba93db5 00000000-0000-4000-8000-000000000002",
        "c9656710-a518-530b-b0ef-8901b4a54dc7 00000000-0000-4000-8000-000000000002",
        "808180a7-e372-5453-a84e-946123a5c72b 00000000-0000-4000-8000-000000000002",
        "cf04f030-82dc-5bf0-82f1-ac15e349ea00 00000000-0000-4000-8000-000000000002",
        "24077e8e-8ae0-5b3f-bbbe-07c71163e00c 00000000-0000-4000-8000-000000000002",
        "d3a7e6f5-cba2-5e80-8106-0ad7e6484164 00000000-0000-4000-8000-000000000002",
        "c83fb891-835a-5dbc-8d39-1a3832f0c8af 00000000-0000-4000-8000-000000000002",
        "c392cd55-cfa4-5d62-9e3c-73e0b347ae3f 00000000-0000-4000-8000-000000000002",
        "b06cbd2b-f140-5fc2-9a93-08d48b9454a3 00000000-0000-4000-8000-000000000002",
        "66029c03-5966-5ed1-8e85-5fb8ba8f3805 00000000-0000-4000-8000-000000000002",
        "fc9943ad-9ddd-5c7d-9f0b-e4a6b010d8b4 00000000-0000-4000-8000-000000000002",
        "9b1aefef-94d9-5ae6-acb9-acdbf36e614a 00000000-0000-4000-8000-000000000002",
        "05214416-82cc-58e0-8e6d-55048d321329 00000000-0000-4000-8000-000000000002",
        "d2ccb75f-9133-56ec-9b4a-b9ad82bf7a86 00000000-0000-4000-8000-000000000002",
        "e392b93e-3bb6-5007-ab71-770ce8b918df 00000000-0000-4000-8000-000000000002",
        "ef5c9658-1245-51c4-b085-f38b3c3dba02 00000000-0000-4000-8000-000000000002",
        "0c846f6e-523a-56c0-bde8-8031c33aa4fe 00000000-0000-4000-8000-000000000002",
        "2a1e0e72-ef9b-5e2e-bc9d-c19a98b72a48 00000000-0000-4000-8000-000000000003",
        "0d288ec0-7c2a-5d7f-ab2a-19962d5a256a 00000000-0000-4000-8000-000000000003",
        "342534a5-ee77-58ef-8301-14ebec263f56 00000000-0000-4000-8000-000000000004",
        "8d07d124-3b58-547f-9ce2-33538171e2e4 00000000-0000-4000-8000-000000000004",
        "67f7a50d-df6f-5b86-8f97-6cc245c21d03 00000000-0000-4000-8000-000000000004",
    };
    std::string listing;
    for (const auto& g : got) listing += "\"" + g + "\",\n";
    EXPECT_EQ(got, want) << listing;
}

}  // namespace
}  // namespace salesim::results
