// Reads a scenario test plan (salesim/test_plan.hpp): every mistake reported at its line, as the
// scenario loader does.
#include "load/reader.hpp"
#include "load/source_text.hpp"
#include "load/yaml_tree.hpp"
#include "salesim/test_plan.hpp"

#include <charconv>
#include <string>
#include <string_view>

namespace salesim {
namespace {

using load::Reader;
using load::YNode;

std::optional<int> score_value(std::string_view s) {
    int v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > 100) return std::nullopt;
    return v;
}

// `score: 85` or `score: 80..100`.
void read_score(Reader& r, const YNode& n, PlanPath& p) {
    const std::string help = "write one score (score: 85) or a range (score: 80..100), from 0 to 100";
    if (n.kind != YNode::Kind::Scalar) {
        r.error("bad-score", n, "'score' must be a number or a range, not " + load::kind_name(n), help);
        return;
    }
    const std::string_view v = n.value;
    const std::size_t dots = v.find("..");
    const std::optional<int> lo = score_value(dots == std::string_view::npos ? v : v.substr(0, dots));
    const std::optional<int> hi = dots == std::string_view::npos ? lo : score_value(v.substr(dots + 2));
    if (!lo || !hi || *lo > *hi) {
        r.error("bad-score", n, "'score' must be a number or a range from low to high, not '" + n.value + "'",
                help);
        return;
    }
    p.score_min = lo;
    p.score_max = hi;
}

std::optional<Verdict> read_verdict(Reader& r, const YNode& n) {
    if (n.kind == YNode::Kind::Scalar)
        if (auto v = parse_verdict(n.value)) return v;
    r.unknown("bad-verdict", n, "verdict", n.kind == YNode::Kind::Scalar ? n.value : load::kind_name(n),
              load::names_of(all_verdicts), "verdicts");
    return std::nullopt;
}

void read_step(Reader& r, const YNode& n, PlanPath& p, const load::Source& src) {
    PlanStep step;
    step.loc = n.loc;
    step.source_line = std::string(src.line(n.loc.line));
    if (n.kind == YNode::Kind::Scalar) {
        step.entry = n.value;
    } else if (n.kind == YNode::Kind::Map && n.map_size() == 1 && n.key(0).kind == YNode::Kind::Scalar) {
        step.entry = n.key(0).value;
        step.expect = read_verdict(r, n.val(0));
    } else {
        r.error("bad-plan-move", n, "a move in a plan is a name, or a name and the verdict it must get",
                "write '- boomerang' or '- boomerang: best'");
        return;
    }
    if (step.entry.empty()) {
        r.error("bad-plan-move", n, "a move in a plan cannot be empty", "write the move, lead or step id");
        return;
    }
    p.steps.push_back(std::move(step));
}

void read_path(Reader& r, const YNode& n, TestPlan& plan, const load::Source& src) {
    if (!r.expect_map(n, "paths")) return;
    r.check_keys(n, {"name", "moves", "outcome", "score", "passed"}, "a path");
    PlanPath p;
    p.loc = n.loc;
    p.source_line = std::string(src.line(n.loc.line));
    if (const YNode* name = r.require(n, "name", "a path"))
        if (auto s = r.string(*name, "name")) p.name = *s;
    if (const YNode* moves = r.require(n, "moves", "a path"); moves && r.expect_seq(*moves, "moves"))
        for (const YNode& m : moves->items) read_step(r, m, p, src);
    if (const YNode* o = Reader::get(n, "outcome")) {
        std::optional<Outcome> out =
            o->kind == YNode::Kind::Scalar ? parse_outcome(o->value) : std::optional<Outcome>{};
        if (out)
            p.outcome = out;
        else
            r.unknown("bad-outcome", *o, "outcome",
                      o->kind == YNode::Kind::Scalar ? o->value : load::kind_name(*o),
                      {"sale", "no_sale", "walked_away", "in_progress"}, "outcomes");
    }
    if (const YNode* s = Reader::get(n, "score")) read_score(r, *s, p);
    if (const YNode* ok = Reader::get(n, "passed")) p.passed = r.boolean(*ok, "passed");
    plan.paths.push_back(std::move(p));
}

}  // namespace

TestPlanLoad load_test_plan(std::string_view bytes, const std::string& path, const LoadOptions& opts) {
    TestPlanLoad out;
    std::unique_ptr<load::Source> src;
    std::optional<YNode> root = load::parse_bytes(bytes, path, opts, out.diagnostics, src);
    if (!root) return out;
    load::Sink sink(*src, out.diagnostics);
    Reader r(sink, opts);
    r.set_languages({});
    TestPlan plan;
    plan.path = path;
    if (r.expect_map(*root, "the plan")) {
        r.check_keys(*root, {"scenario", "seed", "paths"}, "the plan");
        if (const YNode* id = r.require(*root, "scenario", "the plan"))
            if (auto s = r.string(*id, "scenario")) plan.scenario_id = *s;
        if (const YNode* seed = Reader::get(*root, "seed"))
            if (auto v = r.integer(*seed, "seed", 0, 2'000'000'000))
                plan.seed = static_cast<std::uint64_t>(*v);
        if (const YNode* paths = r.require(*root, "paths", "the plan");
            paths && r.expect_seq(*paths, "paths")) {
            for (const YNode& p : paths->items) read_path(r, p, plan, *src);
            if (paths->items.empty())
                r.error("empty-plan", *paths, "the plan has no paths",
                        "add a path with a name and its moves");
        }
    }
    load::sort_by_position(out.diagnostics);
    if (!has_errors(out.diagnostics)) out.plan = std::move(plan);
    return out;
}

TestPlanLoad load_test_plan_file(const std::string& path, const LoadOptions& opts) {
    TestPlanLoad out;
    const std::optional<std::string> bytes = read_file_checked(path, opts.max_bytes, out.diagnostics);
    if (!bytes) return out;
    return load_test_plan(*bytes, path, opts);
}

std::string plan_path_for(const std::string& scenario_path) {
    const std::string_view ext = ".yaml";
    if (scenario_path.size() >= ext.size() && scenario_path.ends_with(ext))
        return scenario_path.substr(0, scenario_path.size() - ext.size()) + ".plan.yaml";
    return scenario_path + ".plan.yaml";
}

bool is_plan_file(std::string_view file_name) {
    return file_name.ends_with(".plan.yaml");
}

}  // namespace salesim
