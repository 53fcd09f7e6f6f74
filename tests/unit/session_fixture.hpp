// A small scenario and rule book built in code, so session tests do not depend on the loader.
#pragma once

#include "salesim/rulebook.hpp"
#include "salesim/scenario.hpp"

#include <memory>
#include <string>
#include <vector>

namespace salesim::testing {

inline Condition cond_true(std::string fact) {
    Condition c;
    c.fact = std::move(fact);
    c.op = Condition::Op::IsTrue;
    c.resolve();
    return c;
}

inline Condition cond_false(std::string fact) {
    Condition c = cond_true(std::move(fact));
    c.op = Condition::Op::IsFalse;
    return c;
}

inline Rule rule(std::string id, Stage stage, std::string move, Verdict v, Effects fx,
                 std::vector<Condition> when = {}) {
    Rule r;
    r.id = std::move(id);
    r.stage = stage;
    r.move = std::move(move);
    r.verdict = v;
    r.effects = fx;
    r.when = std::move(when);
    r.competency = std::string(default_competency(stage));
    r.feedback = Text("feedback for " + r.id, "palaute: " + r.id);
    r.reply = Text("reply for " + r.id, "vastaus: " + r.id);
    r.file = "rulebook.yaml";
    return r;
}

inline Effects fx(int trust, int patience, int readiness, bool resolves = false) {
    Effects e;
    e.trust = trust;
    e.patience = patience;
    e.readiness = readiness;
    e.resolves = resolves;
    return e;
}

/// Rules: leads (qualified best, else mistake); presentation needs_question best, monologue mistake;
/// objections: question reveals hidden (best) else good; compensation best on valid+offsets;
/// boomerang best with need found, weak otherwise; denial mistake; others weak; closing: direct
/// closes (+30), trial reads readiness, scarcity mistake; follow-up confirm_delivery best.
inline std::shared_ptr<RuleBook> make_book() {
    auto book = std::make_shared<RuleBook>();
    book->version = "test";
    for (const char* m : {"lead"}) book->moves.push_back({m, Stage::Prospecting, Text(m), Text(m), Text(m)});
    for (const char* m : {"needs_question", "monologue"})
        book->moves.push_back({m, Stage::Presentation, Text(m), Text(m), Text(m)});
    for (Method m : all_methods) {
        const std::string id(to_string(m));
        book->moves.push_back({id, Stage::Objections, Text(id), Text("about " + id), Text("line " + id)});
    }
    for (Technique t : all_techniques) {
        const std::string id(to_string(t));
        book->moves.push_back({id, Stage::Closing, Text(id), Text("about " + id), Text("line " + id)});
    }
    book->moves.push_back({"confirm_delivery", Stage::FollowUp, Text("c"), Text("c"), Text("c")});
    book->moves.push_back({"no_follow_up", Stage::FollowUp, Text("n"), Text("n"), Text("n")});

    auto& r = book->rules;
    r.push_back(rule("prospect.top", Stage::Prospecting, "lead", Verdict::Best, fx(5, 0, 0),
                     {cond_true("lead.top")}));
    r.push_back(rule("prospect.other", Stage::Prospecting, "lead", Verdict::Mistake, fx(0, 0, 0)));
    r.push_back(rule("present.needs", Stage::Presentation, "needs_question", Verdict::Best, fx(5, 0, 15)));
    r.push_back(
        rule("present.monologue", Stage::Presentation, "monologue", Verdict::Mistake, fx(-10, -20, -5)));
    Effects reveal = fx(0, -5, 5);
    reveal.reveals = true;
    r.push_back(rule("objection.question.hidden", Stage::Objections, "question", Verdict::Best, reveal,
                     {cond_true("objection.hidden")}));
    r.push_back(rule("objection.question", Stage::Objections, "question", Verdict::Good, fx(0, -5, 0, true)));
    r.push_back(rule("objection.compensation.valid", Stage::Objections, "compensation", Verdict::Best,
                     fx(5, 0, 15, true), {cond_true("objection.valid"), cond_true("objection.offsets")}));
    r.push_back(
        rule("objection.compensation", Stage::Objections, "compensation", Verdict::Weak, fx(0, -5, 0)));
    r.push_back(rule("objection.boomerang.need", Stage::Objections, "boomerang", Verdict::Best,
                     fx(5, 0, 15, true), {cond_true("objection.excuse"), cond_true("objection.need_found")}));
    r.push_back(rule("objection.boomerang", Stage::Objections, "boomerang", Verdict::Weak, fx(-5, -5, 0)));
    r.push_back(rule("objection.denial", Stage::Objections, "denial", Verdict::Mistake, fx(-20, -30, -10)));
    for (const char* m : {"yes_but", "pass_up"})
        r.push_back(rule(std::string("objection.") + m, Stage::Objections, m, Verdict::Weak, fx(0, -5, 0)));
    Effects close = fx(0, -5, 30);
    close.closes = true;
    Effects bad_close = fx(-30, -40, -20);
    bad_close.closes = true;
    for (Technique t : all_techniques) {
        const std::string id(to_string(t));
        if (t == Technique::Trial)
            r.push_back(rule("close.trial", Stage::Closing, id, Verdict::Good, fx(0, -5, 0)));
        else if (t == Technique::Direct)
            r.push_back(rule("close.direct", Stage::Closing, id, Verdict::Best, close));
        else if (t == Technique::Scarcity)
            r.push_back(rule("close.scarcity.false", Stage::Closing, id, Verdict::Mistake, bad_close));
        else {
            Effects weak = fx(0, -10, 0);
            weak.closes = true;
            r.push_back(rule("close." + id, Stage::Closing, id, Verdict::Weak, weak));
        }
    }
    r.push_back(rule("follow.confirm", Stage::FollowUp, "confirm_delivery", Verdict::Best, fx(5, 0, 0)));
    r.push_back(rule("follow.none", Stage::FollowUp, "no_follow_up", Verdict::Mistake, fx(-10, 0, 0)));
    return book;
}

inline StepOption option(std::string move, std::string say, std::vector<std::string> discovers = {}) {
    StepOption o;
    o.move = std::move(move);
    o.say = Text(say, say + " (fi)");
    o.discovers = std::move(discovers);
    return o;
}

inline std::shared_ptr<Scenario> make_scenario(std::shared_ptr<const RuleBook> book = make_book()) {
    auto s = std::make_shared<Scenario>();
    s->id = "fixture";
    s->content_hash = "0123456789abcdef";
    s->title = Text("Fixture", "Testi");
    s->languages = {"en", "fi"};
    s->context = "b2b";
    s->persona.name = "Ville";
    s->persona.start = BuyerState{40, 40, 60, 20};
    s->persona.needs.push_back({"speed", Text("speed"), {}});
    s->rubric.close_at = 70;
    s->rubric.close_attempts = 3;
    s->rubric.pass = 70;

    StageContent pros;
    pros.stage = Stage::Prospecting;
    pros.intro = Text("Pick a lead.", "Valitse liidi.");
    Lead good;
    good.id = "good";
    good.name = Text("Good lead");
    Lead broke;
    broke.id = "broke";
    broke.name = Text("Broke lead");
    broke.able = false;
    pros.leads = {good, broke};
    s->stages.push_back(pros);

    StageContent pres;
    pres.stage = Stage::Presentation;
    Step step;
    step.id = "needs";
    step.prompt = Text("What now?");
    step.options = {option("needs_question", "Ask", {"speed"}), option("monologue", "Talk")};
    pres.steps.push_back(step);
    s->stages.push_back(pres);

    StageContent obj;
    obj.stage = Stage::Objections;
    Objection price;
    price.id = "price";
    price.kind = ObjectionKind::Price;
    price.says = Text("Too expensive.");
    price.hidden = "delivery";
    Objection delivery;
    delivery.id = "delivery";
    delivery.kind = ObjectionKind::Delivery;
    delivery.says = Text("Really, I worry about delivery.");
    delivery.valid = true;
    delivery.offsets = true;
    delivery.concealed = true;
    delivery.blocking = true;  // as the loader sets it for a valid or concealed objection
    Objection loyal;
    loyal.id = "loyal";
    loyal.kind = ObjectionKind::Competitor;
    loyal.says = Text("We always buy from Acme.");
    loyal.excuse = true;
    loyal.turns_on = "speed";
    obj.objections = {price, delivery, loyal};
    s->stages.push_back(obj);

    StageContent close;
    close.stage = Stage::Closing;
    close.intro = Text("The buyer nods.");
    s->stages.push_back(close);

    StageContent follow;
    follow.stage = Stage::FollowUp;
    Step fstep;
    fstep.id = "after";
    fstep.prompt = Text("After the sale?");
    fstep.options = {option("confirm_delivery", "Confirm"), option("no_follow_up", "Nothing")};
    follow.steps.push_back(fstep);
    s->stages.push_back(follow);

    for (const StageContent& st : s->stages) s->rubric.weights[st.stage] = 20;
    s->rules = std::move(book);
    return s;
}

/// The option index of `move` (and lead `ref`) in the current decision.
template <typename S>
std::size_t index_of(const S& session, const std::string& move, const std::string& ref = "") {
    const auto& opts = session.current().options;
    for (std::size_t i = 0; i < opts.size(); ++i)
        if (opts[i].move == move && (ref.empty() || opts[i].ref == ref)) return i;
    throw std::logic_error("no option " + move);
}

}  // namespace salesim::testing
