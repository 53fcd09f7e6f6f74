// The shipped rule book, tested as a table: each row of sales-theory.md becomes a situation
// that must pick the expected rule and verdict.
#include "salesim/domain.hpp"
#include "salesim/loader.hpp"
#include "salesim/rulebook.hpp"
#include "salesim/scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace salesim {
namespace {

const std::string k_rulebook_path = SALESIM_SOURCE_DIR "/scenarios/rulebook.yaml";

const RuleBookLoad& loaded() {
    static const RuleBookLoad load = load_rulebook_file(k_rulebook_path);
    return load;
}

const RuleBook& book() {
    const RuleBookLoad& l = loaded();
    if (!l.book) throw std::logic_error("the rule book did not load; see the Loads test");
    return *l.book;
}

// The traits every persona has, at the loader's default; rows change only the one they test.
std::map<std::string, double> default_traits() {
    return {
        {"ego", 0.5},           {"patience", 0.5},          {"skepticism", 0.5},   {"price_sensitivity", 0.5},
        {"brand_loyalty", 0.5}, {"detail_mindedness", 0.5}, {"risk_aversion", 0.5}};
}

// One row of the table: a decision in a situation, and the rule the book must answer with.
struct Case {
    std::string why;  // the row of the theory it checks
    Stage stage = Stage::Prospecting;
    std::string move;
    std::string context = "b2b";
    std::string authority = "full";
    std::map<std::string, double> traits = default_traits();
    std::map<std::string, bool> facts;
    bool complex = false;
    BuyerState state;
    int close_at = 70;
    int needs_found = 0;
    int objections_open = 0;
    int questions_asked = 0;
    int close_attempt = 0;
    int blocking_open = 0;
    bool with_gates = false;
    bool objection_open = false;
    std::optional<Objection> objection;
    bool need_found = false;
    std::optional<Lead> lead;
    bool lead_top = false;
    std::string expect_id;
    Verdict expect = Verdict::Good;

    Case& in(std::string c) {
        context = std::move(c);
        return *this;
    }
    Case& authority_is(std::string a) {
        authority = std::move(a);
        return *this;
    }
    Case& trait(const std::string& name, double v) {
        traits[name] = v;
        return *this;
    }
    Case& fact(const std::string& name, bool v = true) {
        facts[name] = v;
        return *this;
    }
    Case& complex_product() {
        complex = true;
        return *this;
    }
    Case& readiness(int r) {
        state.readiness = r;
        return *this;
    }
    Case& interest(int i) {
        state.interest = i;
        return *this;
    }
    Case& needs(int n) {
        needs_found = n;
        return *this;
    }
    Case& open(int n) {
        objections_open = n;
        return *this;
    }
    Case& asked(int n) {
        questions_asked = n;
        return *this;
    }
    Case& attempt(int n) {
        close_attempt = n;
        return *this;
    }
    // Open objections that block the sale.
    Case& blocking(int n) {
        blocking_open = n;
        return *this;
    }
    // Judged as the session judges, with the stage's gates (RuleBook::judge) rather than the
    // move's own rules alone.
    Case& gated() {
        with_gates = true;
        return *this;
    }
    // Space-separated objection properties: valid ego trivial misinformed excuse offsets hidden
    // need_found, and kind=<kind>.
    Case& obj(std::string_view flags) {
        Objection o;
        o.id = "row-objection";
        std::istringstream words{std::string(flags)};
        std::string w;
        while (words >> w) {
            if (w == "valid")
                o.valid = true;
            else if (w == "ego")
                o.ego = true;
            else if (w == "trivial")
                o.trivial = true;
            else if (w == "misinformed")
                o.misinformed = true;
            else if (w == "excuse")
                o.excuse = true;
            else if (w == "offsets")
                o.offsets = true;
            else if (w == "hidden")
                o.hidden = "concealed-worry";
            else if (w == "need_found")
                need_found = true;
            else if (w == "still_open")
                objection_open = true;
            else if (w.rfind("kind=", 0) == 0) {
                auto k = parse_objection_kind(w.substr(5));
                if (!k) throw std::logic_error("test row: unknown objection kind " + w);
                o.kind = *k;
            } else {
                throw std::logic_error("test row: unknown objection flag '" + w + "'");
            }
        }
        objection = o;
        return *this;
    }
    // A lead that fails the named qualification ("able", ..., or "need_met": already served).
    Case& lead_lacks(std::string_view what) {
        if (!lead) lead = Lead{};
        if (what == "able")
            lead->able = false;
        else if (what == "willing")
            lead->willing = false;
        else if (what == "authorised")
            lead->authorised = false;
        else if (what == "reachable")
            lead->reachable = false;
        else if (what == "need_met")
            lead->need_met = true;
        else if (what == "meets_requirements")
            lead->meets_requirements = false;
        else
            throw std::logic_error("test row: unknown lead property " + std::string(what));
        return *this;
    }
    Case& qualified_lead(bool top) {
        lead = Lead{};
        lead_top = top;
        return *this;
    }
    Case& expect_rule(std::string id, Verdict v) {
        expect_id = std::move(id);
        expect = v;
        return *this;
    }

    Situation situation() const {
        Situation s;
        s.context = context;
        s.authority = authority;
        s.traits = &traits;
        s.facts = &facts;
        s.product_complex = complex;
        s.state = state;
        s.close_at = close_at;
        s.needs_found = needs_found;
        s.objections_open = objections_open;
        s.questions_asked = questions_asked;
        s.close_attempt = close_attempt;
        s.blocking_open = blocking_open;
        s.objection = objection ? &*objection : nullptr;
        s.objection_open = objection_open;
        s.objection_need_found = need_found;
        s.lead = lead ? &*lead : nullptr;
        s.lead_top = lead_top;
        return s;
    }
};

Case row(Stage stage, std::string move, std::string why) {
    Case c;
    c.stage = stage;
    c.move = std::move(move);
    c.why = std::move(why);
    return c;
}

constexpr Verdict Best = Verdict::Best;
constexpr Verdict Good = Verdict::Good;
constexpr Verdict Weak = Verdict::Weak;
constexpr Verdict Mistake = Verdict::Mistake;

// [SECTION] The table
std::vector<Case> prospecting_rows() {
    const Stage p = Stage::Prospecting;
    return {
        row(p, "lead", "§1 not able: lack of financial standing")
            .lead_lacks("able")
            .expect_rule("prospect.not_able", Mistake),
        row(p, "lead", "§1 not willing: no need")
            .lead_lacks("willing")
            .expect_rule("prospect.not_willing", Mistake),
        row(p, "lead", "§1 not the key decision maker")
            .lead_lacks("authorised")
            .expect_rule("prospect.not_authorised", Mistake),
        row(p, "lead", "§1 cannot be reached")
            .lead_lacks("reachable")
            .expect_rule("prospect.unreachable", Mistake),
        row(p, "lead", "§1 need already met")
            .lead_lacks("need_met")
            .expect_rule("prospect.need_met", Mistake),
        row(p, "lead", "§1 does not meet the purchase requirements")
            .lead_lacks("meets_requirements")
            .expect_rule("prospect.requirements", Mistake),
        row(p, "lead", "§1 two reasons at once: financial standing is named first")
            .lead_lacks("need_met")
            .lead_lacks("able")
            .expect_rule("prospect.not_able", Mistake),
        row(p, "lead", "§1 qualified and ranked first")
            .qualified_lead(true)
            .expect_rule("prospect.top", Best),
        row(p, "lead", "§1 qualified but ranked lower")
            .qualified_lead(false)
            .expect_rule("prospect.qualified", Good),
    };
}

std::vector<Case> pre_approach_rows() {
    const Stage p = Stage::PreApproach;
    return {
        row(p, "research_decision_maker", "§2 key decision maker, contact shares authority")
            .authority_is("shared")
            .expect_rule("pre_approach.research_decision_maker.shared", Best),
        row(p, "research_decision_maker", "§2 key decision maker, contact has none")
            .authority_is("none")
            .expect_rule("pre_approach.research_decision_maker.shared", Best),
        row(p, "research_decision_maker", "§2 key decision maker, contact decides")
            .expect_rule("pre_approach.research_decision_maker.default", Good),
        row(p, "research_organisation", "§2 organisation structure, consumer")
            .in("b2c")
            .expect_rule("pre_approach.research_organisation.consumer", Weak),
        row(p, "research_organisation", "§2 organisation structure, shop customer")
            .in("retail")
            .expect_rule("pre_approach.research_organisation.consumer", Weak),
        row(p, "research_organisation", "§2 organisation structure, company")
            .expect_rule("pre_approach.research_organisation.default", Good),
        row(p, "research_current_supplier", "§2 current supplier is a competitor")
            .fact("has_competitor_supplier")
            .expect_rule("pre_approach.research_current_supplier.competitor", Best),
        row(p, "research_current_supplier", "§2 no current supplier")
            .expect_rule("pre_approach.research_current_supplier.none", Good),
        row(p, "research_buying_process", "§2 how a company decides")
            .expect_rule("pre_approach.research_buying_process.b2b", Best),
        row(p, "research_buying_process", "§2 how a consumer decides")
            .in("b2c")
            .expect_rule("pre_approach.research_buying_process.default", Good),
        row(p, "research_personality", "§2 personality of a proud buyer")
            .trait("ego", 0.7)
            .expect_rule("pre_approach.research_personality.sensitive", Best),
        row(p, "research_personality", "§2 personality of an even-tempered buyer")
            .trait("ego", 0.3)
            .expect_rule("pre_approach.research_personality.default", Good),
        row(p, "skip_research", "§2 no research, shop floor")
            .in("retail")
            .expect_rule("pre_approach.skip_research.retail", Weak),
        row(p, "skip_research", "§2 no research before contact")
            .expect_rule("pre_approach.skip_research.default", Mistake),
        row(p, "appointment_request", "§2 cold request for an appointment")
            .expect_rule("pre_approach.appointment_request.default", Best),
        row(p, "cold_call_presentation", "§2 cold call into a presentation, impatient buyer")
            .trait("patience", 0.2)
            .expect_rule("pre_approach.cold_call_presentation.impatient", Mistake),
        row(p, "cold_call_presentation", "§2 cold call into a presentation")
            .expect_rule("pre_approach.cold_call_presentation.default", Weak),
        row(p, "contact_convenient", "§2 contact by the prospect's convenience")
            .expect_rule("pre_approach.contact_convenient.default", Best),
        row(p, "contact_inconvenient", "§2 contact by the seller's convenience")
            .expect_rule("pre_approach.contact_inconvenient.default", Mistake),
    };
}

std::vector<Case> approach_rows() {
    const Stage a = Stage::Approach;
    return {
        row(a, "referral", "§3 referral that exists")
            .fact("has_referral")
            .expect_rule("approach.referral.true", Best),
        row(a, "referral", "§3 referral that does not exist").expect_rule("approach.referral.false", Mistake),
        row(a, "referral", "§3 claiming a referral when only an earlier meeting exists")
            .fact("met_before")
            .expect_rule("approach.referral.false", Mistake),
        row(a, "repeat_contact", "§3 repeat contact after a real meeting")
            .fact("met_before")
            .expect_rule("approach.repeat_contact.true", Best),
        row(a, "repeat_contact", "§3 repeat contact without a meeting")
            .expect_rule("approach.repeat_contact.false", Mistake),
        row(a, "cold_canvass", "§3 cold canvass with nothing better available: the right choice")
            .expect_rule("approach.cold_canvass.honest", Best),
        row(a, "cold_canvass", "§3 cold canvass wasting a referral")
            .fact("has_referral")
            .expect_rule("approach.cold_canvass.wasted", Weak),
        row(a, "cold_canvass", "§3 cold canvass wasting an earlier meeting")
            .fact("met_before")
            .expect_rule("approach.cold_canvass.wasted", Weak),
        row(a, "greet_properly", "§3 greet properly").expect_rule("approach.greet_properly.default", Best),
        row(a, "too_familiar", "§3 overly familiar with a proud buyer")
            .trait("ego", 0.8)
            .expect_rule("approach.too_familiar.proud", Mistake),
        row(a, "too_familiar", "§3 overly familiar")
            .trait("ego", 0.3)
            .expect_rule("approach.too_familiar.default", Weak),
        row(a, "straight_to_product", "§3 no greeting")
            .expect_rule("approach.straight_to_product.default", Weak),
    };
}

std::vector<Case> presentation_rows() {
    const Stage p = Stage::Presentation;
    return {
        row(p, "rapport", "§4 rapport").expect_rule("presentation.rapport.default", Best),
        row(p, "rapport", "§4 rapport with an impatient buyer")
            .trait("patience", 0.2)
            .expect_rule("presentation.rapport.impatient", Good),
        row(p, "skip_rapport", "§4 straight to product")
            .expect_rule("presentation.skip_rapport.default", Weak),
        row(p, "background_question", "§4 background questions")
            .expect_rule("presentation.background_question.default", Best),
        row(p, "background_question", "§4 background questions, impatient buyer")
            .trait("patience", 0.3)
            .expect_rule("presentation.background_question.impatient", Good),
        row(p, "needs_question", "§4 needs").expect_rule("presentation.needs_question.default", Best),
        row(p, "attention_opener", "§4 AIDA attention")
            .interest(30)
            .expect_rule("presentation.attention_opener.default", Best),
        row(p, "attention_opener", "§4 AIDA attention already won")
            .interest(75)
            .expect_rule("presentation.attention_opener.interested", Good),
        row(p, "demo", "§4 demonstration of a demonstrable product")
            .fact("demonstrable")
            .expect_rule("presentation.demo.demonstrable", Best),
        row(p, "demo", "§4 demonstration of a product that cannot be shown")
            .expect_rule("presentation.demo.not_demonstrable", Weak),
        row(p, "fab", "§4 FAB with one need known")
            .needs(1)
            .expect_rule("presentation.fab.needs_known", Best),
        row(p, "fab", "§4 FAB with needs known").needs(3).expect_rule("presentation.fab.needs_known", Best),
        row(p, "fab", "§4 FAB with no needs known").needs(0).expect_rule("presentation.fab.no_needs", Weak),
        row(p, "features_only", "§4 features, not benefits")
            .expect_rule("presentation.features_only.default", Weak),
        row(p, "value_for_money", "§4 value for money, price-sensitive buyer")
            .trait("price_sensitivity", 0.8)
            .expect_rule("presentation.value_for_money.price_sensitive", Best),
        row(p, "value_for_money", "§4 value for money, price-sensitive at the threshold")
            .trait("price_sensitivity", 0.6)
            .expect_rule("presentation.value_for_money.price_sensitive", Best),
        row(p, "value_for_money", "§4 value for money")
            .trait("price_sensitivity", 0.4)
            .expect_rule("presentation.value_for_money.default", Good),
        row(p, "monologue", "§4 not a monologue").expect_rule("presentation.monologue.default", Mistake),
        row(p, "assess_cues", "§4 assessment of non-verbal cues")
            .expect_rule("presentation.assess_cues.default", Best),
        row(p, "ignore_cues", "§4 cues ignored").expect_rule("presentation.ignore_cues.default", Mistake),
        row(p, "call_to_action", "§4 AIDA action, interest up")
            .interest(60)
            .expect_rule("presentation.call_to_action.interested", Good),
        row(p, "call_to_action", "§4 AIDA action too early")
            .interest(59)
            .expect_rule("presentation.call_to_action.too_early", Weak),
    };
}

std::vector<Case> objection_rows() {
    const Stage o = Stage::Objections;
    return {
        // after an answer: check that it is settled, or go on
        row(o, "confirm", "§5 checking that a settled concern is settled: best")
            .obj("valid")
            .expect_rule("objection.confirm.settled", Best),
        row(o, "confirm", "§5 checking reveals a concern still open: good")
            .obj("valid still_open")
            .expect_rule("objection.confirm.open", Good),
        row(o, "carry_on", "§5 going on after a settled concern: no harm, no check")
            .obj("valid")
            .expect_rule("objection.carry_on.settled", Good),
        row(o, "carry_on", "§5 going on while the concern stands: weak")
            .obj("valid still_open")
            .expect_rule("objection.carry_on.open", Weak),
        // direct denial
        row(o, "denial", "§5 denial fits: buyer factually wrong (b2b)")
            .obj("misinformed")
            .expect_rule("objection.denial.misinformed", Best),
        row(o, "denial", "§5 denial fits: buyer factually wrong (b2c)")
            .in("b2c")
            .obj("misinformed kind=company")
            .expect_rule("objection.denial.misinformed", Best),
        row(o, "denial", "§5 denial misfits: consider how sensitive this buyer is")
            .trait("ego", 0.8)
            .obj("misinformed")
            .expect_rule("objection.denial.sensitive", Good),
        row(o, "denial", "§5 denial misfits: never when the objection touches the ego")
            .obj("ego")
            .expect_rule("objection.denial.ego", Mistake),
        row(o, "denial", "§5 denial misfits: ego wins even when the buyer is also wrong")
            .obj("ego misinformed")
            .expect_rule("objection.denial.ego", Mistake),
        row(o, "denial", "§5 denial misfits: ego in a shop")
            .in("retail")
            .obj("ego misinformed")
            .expect_rule("objection.denial.ego", Mistake),
        row(o, "denial", "§5 denial misfits: ego of a valid objection")
            .obj("ego valid")
            .expect_rule("objection.denial.ego", Mistake),
        row(o, "denial", "§5 denial misfits: not for retail sellers")
            .in("retail")
            .obj("misinformed")
            .expect_rule("objection.denial.retail", Mistake),
        row(o, "denial", "§5 denial misfits: retail, excuse")
            .in("retail")
            .obj("excuse")
            .expect_rule("objection.denial.retail", Mistake),
        row(o, "denial", "§5 denial: denying a true objection")
            .obj("valid offsets kind=price")
            .expect_rule("objection.denial.valid", Mistake),
        row(o, "denial", "§5 denial: a true objection stays true, whatever else")
            .obj("valid misinformed")
            .expect_rule("objection.denial.valid", Mistake),
        row(o, "denial", "§5 denial: a valid objection in a shop")
            .in("retail")
            .obj("valid")
            .expect_rule("objection.denial.valid", Mistake),
        row(o, "denial", "§5 denial of an excuse")
            .obj("excuse")
            .expect_rule("objection.denial.fallback", Weak),
        row(o, "denial", "§5 denial of a trivial remark")
            .obj("trivial")
            .expect_rule("objection.denial.fallback", Weak),
        // boomerang
        row(o, "boomerang", "§5 boomerang fits: excuse, and the need that turns it was found")
            .obj("excuse need_found kind=stall")
            .expect_rule("objection.boomerang.turned", Best),
        row(o, "boomerang", "§5 boomerang: only for a skilled seller (need not found)")
            .obj("excuse")
            .expect_rule("objection.boomerang.unprepared", Weak),
        row(o, "boomerang", "§5 boomerang misfits: valid, fact-backed objection")
            .obj("valid offsets")
            .expect_rule("objection.boomerang.valid", Mistake),
        row(o, "boomerang", "§5 boomerang misfits: valid, even with the need found")
            .obj("valid excuse need_found")
            .expect_rule("objection.boomerang.valid", Mistake),
        row(o, "boomerang", "§5 boomerang of a misinformed objection")
            .obj("misinformed")
            .expect_rule("objection.boomerang.fallback", Weak),
        row(o, "boomerang", "§5 boomerang of an ego objection")
            .obj("ego")
            .expect_rule("objection.boomerang.fallback", Weak),
        // indirect denial
        row(o, "yes_but", "§5 yes-but: ego objection, acknowledge without contradicting")
            .obj("ego kind=need")
            .expect_rule("objection.yes_but.ego", Best),
        row(o, "yes_but", "§5 yes-but: ego wins over misinformed")
            .obj("ego misinformed")
            .expect_rule("objection.yes_but.ego", Best),
        row(o, "yes_but", "§5 yes-but: ego wins over trivial")
            .obj("ego trivial")
            .expect_rule("objection.yes_but.ego", Best),
        row(o, "yes_but", "§5 yes-but on a misinformed objection: the safe compromise, never a mistake (b2b)")
            .obj("misinformed")
            .expect_rule("objection.yes_but.misinformed", Good),
        row(o, "yes_but", "§5 yes-but on a misinformed objection: the safe compromise, never a mistake (b2c)")
            .in("b2c")
            .obj("misinformed")
            .expect_rule("objection.yes_but.misinformed", Good),
        row(o, "yes_but", "§5 yes-but on a trivial false remark: acceptable")
            .obj("misinformed trivial")
            .expect_rule("objection.yes_but.misinformed", Good),
        row(o, "yes_but", "§5 yes-but: misinformed shop customer, where denial is barred")
            .in("retail")
            .obj("misinformed")
            .expect_rule("objection.yes_but.retail_misinformed", Best),
        row(o, "yes_but", "§5 yes-but: dignifies a trivial remark")
            .obj("trivial")
            .expect_rule("objection.yes_but.trivial", Weak),
        row(o, "yes_but", "§5 yes-but: the safe compromise for a valid objection")
            .obj("valid offsets")
            .expect_rule("objection.yes_but.fallback", Good),
        row(o, "yes_but", "§5 yes-but: the safe compromise for an excuse")
            .obj("excuse")
            .expect_rule("objection.yes_but.fallback", Good),
        row(o, "yes_but", "§5 yes-but: a valid objection that also touches the ego")
            .obj("ego valid")
            .expect_rule("objection.yes_but.fallback", Good),
        // compensation
        row(o, "compensation", "§5 compensation fits: valid with real offsets")
            .obj("valid offsets kind=price")
            .expect_rule("objection.compensation.offsets", Best),
        row(o, "compensation", "§5 compensation: valid, nothing outweighs it")
            .obj("valid kind=delivery")
            .expect_rule("objection.compensation.no_offsets", Weak),
        row(o, "compensation", "§5 compensation misfits: simply false objections")
            .obj("misinformed")
            .expect_rule("objection.compensation.misinformed", Mistake),
        row(o, "compensation", "§5 compensation misfits: false even where offsets exist")
            .obj("misinformed offsets")
            .expect_rule("objection.compensation.misinformed", Mistake),
        row(o, "compensation", "§5 compensation of an excuse")
            .obj("excuse")
            .expect_rule("objection.compensation.fallback", Weak),
        // pass-up
        row(o, "pass_up", "§5 pass-up fits: trivial")
            .obj("trivial")
            .expect_rule("objection.pass_up.trivial", Best),
        row(o, "pass_up", "§5 pass-up: trivial even when it touches the ego")
            .obj("trivial ego")
            .expect_rule("objection.pass_up.trivial", Best),
        row(o, "pass_up", "§5 pass-up misfits: a significant objection")
            .obj("valid offsets kind=price")
            .expect_rule("objection.pass_up.significant", Mistake),
        row(o, "pass_up", "§5 pass-up misfits: a misinformed objection")
            .obj("misinformed")
            .expect_rule("objection.pass_up.significant", Mistake),
        row(o, "pass_up", "§5 pass-up misfits: a hidden objection")
            .obj("hidden")
            .expect_rule("objection.pass_up.significant", Mistake),
        // question
        row(o, "question", "§5 question fits: hidden objection")
            .obj("hidden kind=price")
            .expect_rule("objection.question.hidden", Best),
        row(o, "question", "§5 question fits: hidden, first question to an impatient buyer")
            .trait("patience", 0.2)
            .obj("hidden")
            .expect_rule("objection.question.hidden", Best),
        row(o, "question", "§5 question misfits: impatient buyer tires of questions")
            .trait("patience", 0.2)
            .asked(1)
            .obj("hidden")
            .expect_rule("objection.question.impatient", Mistake),
        row(o, "question", "§5 question misfits: impatient buyer, many questions")
            .trait("patience", 0.3)
            .asked(3)
            .obj("valid")
            .expect_rule("objection.question.impatient", Mistake),
        row(o, "question", "§5 question fits: an excuse")
            .obj("excuse")
            .expect_rule("objection.question.excuse", Good),
        row(o, "question", "§5 question fits: unclear stall")
            .obj("kind=stall")
            .expect_rule("objection.question.unclear", Good),
        row(o, "question", "§5 question fits: apathy")
            .obj("kind=apathy")
            .expect_rule("objection.question.unclear", Good),
        row(o, "question", "§5 first make sure you understand the concern")
            .obj("valid kind=price")
            .expect_rule("objection.question.fallback", Good),
        row(o, "question", "§5 a patient buyer does not tire")
            .trait("patience", 0.6)
            .asked(3)
            .obj("valid")
            .expect_rule("objection.question.fallback", Good),
    };
}

std::vector<Case> closing_rows() {
    const Stage c = Stage::Closing;
    return {
        row(c, "story", "§6 a fitting close on an unready buyer is premature: at best weak")
            .readiness(40)
            .gated()
            .expect_rule("close.gate.premature", Weak),
        row(c, "direct", "§5 and §6 no close over an objection that blocks the sale")
            .readiness(80)
            .fact("strong_motives")
            .open(1)
            .blocking(1)
            .gated()
            .expect_rule("close.gate.objection_open", Weak),
        row(c, "assumptive",
            "§6 assumptive over an open objection: the close's own mistake wins over the gate")
            .readiness(80)
            .open(1)
            .blocking(1)
            .gated()
            .expect_rule("close.assumptive.objections_open", Mistake),
        row(c, "objection", "§6 the objection close answers the one main objection left: not gated")
            .readiness(75)
            .open(1)
            .blocking(1)
            .gated()
            .expect_rule("close.objection.one", Best),
        row(c, "trial", "§6 a trial close is never gated: it reads the buyer at any time")
            .readiness(30)
            .open(1)
            .blocking(1)
            .gated()
            .expect_rule("close.trial.cold", Good),
        row(c, "trial", "§6 trial close reads a cold buyer: worth knowing, costs nothing")
            .readiness(30)
            .expect_rule("close.trial.cold", Good),
        row(c, "trial", "§6 trial close just below close_at: reads a warming buyer")
            .readiness(69)
            .expect_rule("close.trial.warming", Best),
        row(c, "trial", "§6 trial close after a refused close, buyer warming")
            .readiness(55)
            .attempt(1)
            .expect_rule("close.trial.warming", Best),
        row(c, "trial", "§6 a trial close after another close attempt, buyer now ready")
            .readiness(75)
            .attempt(1)
            .expect_rule("close.trial.ready", Good),
        row(c, "trial", "§6 trial close with a ready buyer")
            .readiness(70)
            .expect_rule("close.trial.ready", Good),
        row(c, "assumptive", "§6 assumptive fits a ready buyer")
            .readiness(80)
            .expect_rule("close.assumptive.ready", Best),
        row(c, "assumptive", "§6 assumptive is pushy while objections stand")
            .readiness(80)
            .open(1)
            .expect_rule("close.assumptive.objections_open", Mistake),
        row(c, "assumptive", "§6 assumptive with objections and no readiness")
            .readiness(30)
            .open(2)
            .expect_rule("close.assumptive.objections_open", Mistake),
        row(c, "assumptive", "§6 assumptive with a buyer who is not ready")
            .readiness(40)
            .expect_rule("close.assumptive.not_ready", Weak),
        row(c, "direct", "§6 direct fits strong buying motives")
            .readiness(75)
            .fact("strong_motives")
            .expect_rule("close.direct.strong_motives", Best),
        row(c, "direct", "§6 direct needs strong buying motives: interest alone is not enough")
            .readiness(75)
            .interest(70)
            .expect_rule("close.direct.weak_motives", Weak),
        row(c, "direct", "§6 direct with strong motives but not ready")
            .readiness(50)
            .fact("strong_motives")
            .interest(80)
            .expect_rule("close.direct.not_ready", Weak),
        row(c, "direct", "§6 direct with a ready, lukewarm buyer")
            .readiness(75)
            .interest(50)
            .expect_rule("close.direct.weak_motives", Weak),
        row(c, "alternative", "§6 alternative fits a ready, undecided buyer")
            .readiness(72)
            .fact("undecided")
            .expect_rule("close.alternative.undecided", Best),
        row(c, "alternative", "§6 alternative with a ready buyer")
            .readiness(72)
            .expect_rule("close.alternative.ready", Good),
        row(c, "alternative", "§6 alternative with a buyer who is not ready")
            .readiness(40)
            .fact("undecided")
            .expect_rule("close.alternative.not_ready", Weak),
        row(c, "benefit", "§6 benefit fits needs found earlier")
            .readiness(50)
            .needs(2)
            .expect_rule("close.benefit.needs", Best),
        row(c, "benefit", "§6 benefit with one need found")
            .readiness(60)
            .needs(1)
            .expect_rule("close.benefit.one_need", Good),
        row(c, "benefit", "§6 benefit with no needs found")
            .readiness(60)
            .expect_rule("close.benefit.no_needs", Weak),
        row(c, "incentive", "§6 incentive fits a ready buyer who hesitates over the risk")
            .readiness(72)
            .trait("risk_aversion", 0.7)
            .fact("incentive_available")
            .expect_rule("close.incentive.hesitant", Best),
        row(c, "incentive", "§6 incentive, risk aversion at the threshold")
            .readiness(70)
            .trait("risk_aversion", 0.6)
            .fact("incentive_available")
            .expect_rule("close.incentive.hesitant", Best),
        row(c, "incentive", "§6 incentive too early")
            .readiness(44)
            .fact("incentive_available")
            .expect_rule("close.incentive.too_early", Weak),
        row(c, "incentive", "§6 incentive: needless margin loss with a ready buyer")
            .readiness(80)
            .fact("incentive_available")
            .expect_rule("close.incentive.ready", Weak),
        row(c, "incentive", "§6 incentive that is not available")
            .readiness(50)
            .expect_rule("close.incentive.unavailable", Weak),
        row(c, "incentive", "§6 incentive that is not available, ready buyer")
            .readiness(80)
            .expect_rule("close.incentive.unavailable", Weak),
        row(c, "action", "§6 action fits a practical obstacle the seller can remove")
            .readiness(50)
            .fact("practical_obstacle")
            .fact("financing_available")
            .expect_rule("close.action.obstacle", Best),
        row(c, "action", "§6 action with an obstacle the seller cannot remove")
            .readiness(50)
            .fact("practical_obstacle")
            .expect_rule("close.action.fallback", Weak),
        row(c, "action", "§6 action with no obstacle")
            .readiness(50)
            .expect_rule("close.action.fallback", Weak),
        row(c, "objection", "§6 objection close fits exactly one main objection")
            .readiness(55)
            .open(1)
            .expect_rule("close.objection.one", Best),
        row(c, "objection", "§6 objection close with several open")
            .readiness(55)
            .open(2)
            .expect_rule("close.objection.many", Weak),
        row(c, "objection", "§6 objection close with none open")
            .readiness(55)
            .expect_rule("close.objection.none", Weak),
        row(c, "story", "§6 story fits a risk-averse buyer")
            .readiness(50)
            .trait("risk_aversion", 0.7)
            .expect_rule("close.story.risk_averse", Best),
        row(c, "story", "§6 story with a confident buyer")
            .readiness(60)
            .trait("risk_aversion", 0.3)
            .expect_rule("close.story.default", Good),
        row(c, "scarcity", "§6 fear of loss when it is true")
            .readiness(60)
            .fact("scarcity_true")
            .expect_rule("close.scarcity.true", Best),
        row(c, "scarcity", "§6 fear of loss when it is false: manipulation")
            .readiness(60)
            .expect_rule("close.scarcity.false", Mistake),
        row(c, "scarcity", "§6 fear of loss explicitly false")
            .readiness(80)
            .fact("scarcity_true", false)
            .expect_rule("close.scarcity.false", Mistake),
        row(c, "details", "§6 small details fit a detail-minded buyer")
            .readiness(50)
            .trait("detail_mindedness", 0.8)
            .expect_rule("close.details.detail_minded", Best),
        row(c, "details", "§6 small details with a big-picture buyer")
            .readiness(50)
            .trait("detail_mindedness", 0.3)
            .expect_rule("close.details.default", Weak),
    };
}

std::vector<Case> follow_up_rows() {
    const Stage f = Stage::FollowUp;
    return {
        row(f, "confirm_delivery", "§7 delivery on time")
            .expect_rule("follow_up.confirm_delivery.default", Best),
        row(f, "installation_training", "§7 complex purchases need installation and training")
            .complex_product()
            .expect_rule("follow_up.installation_training.complex", Best),
        row(f, "installation_training", "§7 installation for a simple purchase")
            .expect_rule("follow_up.installation_training.simple", Weak),
        row(f, "short_check_in", "§7 small purchases: a short email")
            .expect_rule("follow_up.short_check_in.simple", Best),
        row(f, "short_check_in", "§7 a short email is too little for a complex purchase")
            .complex_product()
            .expect_rule("follow_up.short_check_in.complex", Weak),
        row(f, "ask_for_feedback", "§7 learn what problems arose")
            .expect_rule("follow_up.ask_for_feedback.default", Good),
        row(f, "ask_for_referral", "§7 goodwill and the next sale")
            .expect_rule("follow_up.ask_for_referral.default", Good),
        row(f, "upsell_immediately", "§7 upsell before delivery")
            .expect_rule("follow_up.upsell_immediately.default", Weak),
        row(f, "no_follow_up", "§7 no follow-up").expect_rule("follow_up.no_follow_up.default", Mistake),
    };
}

std::vector<Case> table() {
    std::vector<Case> all;
    for (auto part : {prospecting_rows(), pre_approach_rows(), approach_rows(), presentation_rows(),
                      objection_rows(), closing_rows(), follow_up_rows()})
        all.insert(all.end(), part.begin(), part.end());
    return all;
}

std::string label(const Case& c) {
    return std::string(to_string(c.stage)) + "/" + c.move + ": " + c.why;
}

// [SECTION] Loading and the catalogue
TEST(RuleBookFile, LoadsWithoutDiagnostics) {
    const RuleBookLoad& l = loaded();
    for (const Diagnostic& d : l.diagnostics) ADD_FAILURE() << format(d);
    ASSERT_TRUE(l.book) << "no rule book from " << k_rulebook_path;
    EXPECT_EQ(l.book->version, "2026.12");
    EXPECT_EQ(l.book->points_for(Verdict::Best), 100);
    EXPECT_EQ(l.book->points_for(Verdict::Good), 70);
    EXPECT_EQ(l.book->points_for(Verdict::Weak), 40);
    EXPECT_EQ(l.book->points_for(Verdict::Mistake), 0);
}

TEST(RuleBookFile, CatalogueHasEveryMoveOfFormatMd) {
    const std::map<Stage, std::vector<std::string>> expected{
        {Stage::Prospecting, {"lead"}},
        {Stage::PreApproach,
         {"research_decision_maker", "research_organisation", "research_current_supplier",
          "research_buying_process", "research_personality", "skip_research", "appointment_request",
          "cold_call_presentation", "contact_convenient", "contact_inconvenient"}},
        {Stage::Approach,
         {"referral", "cold_canvass", "repeat_contact", "greet_properly", "too_familiar",
          "straight_to_product"}},
        {Stage::Presentation,
         {"rapport", "skip_rapport", "background_question", "needs_question", "attention_opener", "demo",
          "fab", "features_only", "value_for_money", "monologue", "assess_cues", "ignore_cues",
          "call_to_action"}},
        {Stage::Objections,
         {"denial", "boomerang", "yes_but", "compensation", "pass_up", "question", "confirm", "carry_on"}},
        {Stage::Closing,
         {"trial", "assumptive", "direct", "alternative", "benefit", "incentive", "action", "objection",
          "story", "scarcity", "details"}},
        {Stage::FollowUp,
         {"confirm_delivery", "installation_training", "short_check_in", "ask_for_feedback",
          "ask_for_referral", "upsell_immediately", "no_follow_up"}},
    };
    const RuleBook& b = book();
    for (const auto& [stage, ids] : expected) EXPECT_EQ(b.moves_of(stage), ids) << to_string(stage);
    // The methods and techniques are offered in the canonical order of the domain enums.
    std::vector<std::string> methods, techniques;
    for (Method m : all_methods) methods.emplace_back(to_string(m));
    // After an answer: check that the concern is settled, or go on (sales-theory.md §5).
    methods.emplace_back("confirm");
    methods.emplace_back("carry_on");
    for (Technique t : all_techniques) techniques.emplace_back(to_string(t));
    EXPECT_EQ(b.moves_of(Stage::Objections), methods);
    EXPECT_EQ(b.moves_of(Stage::Closing), techniques);
}

TEST(RuleBookFile, EveryMoveIsExplainedInEnglishAndFinnish) {
    for (const MoveInfo& m : book().moves) {
        SCOPED_TRACE(m.id);
        for (const Text* t : {&m.name, &m.about, &m.line}) {
            EXPECT_TRUE(t->by_lang.count("en") == 1 && !t->get("en").empty());
            EXPECT_TRUE(t->by_lang.count("fi") == 1 && !t->get("fi").empty());
        }
        EXPECT_NE(m.about.get("en"), m.about.get("fi"));
    }
}

TEST(RuleBookFile, EveryRuleHasSourceFeedbackAndReplyInBothLanguages) {
    for (const Rule& r : book().rules) {
        SCOPED_TRACE(r.id);
        EXPECT_EQ(r.source.rfind("sales-theory.md §", 0), 0u) << r.source;
        for (const Text* t : {&r.feedback, &r.reply}) {
            EXPECT_FALSE(t->get("en").empty());
            EXPECT_FALSE(t->get("fi").empty());
            EXPECT_EQ(t->by_lang.count("*"), 0u) << "a plain string would show English to Finnish readers";
            // A reply that is only the trial-close placeholder says the signal texts' words, and
            // those are checked for both languages beside them (test_signals.cpp).
            if (t->get("en") != "{trial}") {
                EXPECT_NE(t->get("en"), t->get("fi"));
            }
        }
    }
}

TEST(RuleBookFile, TextsUseOnlyKnownPlaceholders) {
    auto check = [](const std::string& where, const std::string& s) {
        for (std::size_t at = s.find('{'); at != std::string::npos; at = s.find('{', at + 1)) {
            const std::size_t end = s.find('}', at);
            ASSERT_NE(end, std::string::npos) << where << ": unclosed '{' in " << s;
            const std::string key = s.substr(at + 1, end - at - 1);
            EXPECT_TRUE(key == "buyer" || key == "readiness" || key == "trial")
                << where << ": unknown placeholder {" << key << "}";
        }
    };
    for (const Rule& r : book().rules)
        for (const Text* t : {&r.feedback, &r.reply})
            for (const auto& [lang, s] : t->by_lang) check(r.id + " (" + lang + ")", s);
    for (const MoveInfo& m : book().moves)
        for (const Text* t : {&m.name, &m.about, &m.line})
            for (const auto& [lang, s] : t->by_lang) check(m.id + " (" + lang + ")", s);
}

TEST(RuleBookFile, EveryRuleIdIsNamedAfterItsStageAndMove) {
    const std::map<Stage, std::string> prefix{
        {Stage::Prospecting, "prospect."}, {Stage::PreApproach, "pre_approach."},
        {Stage::Approach, "approach."},    {Stage::Presentation, "presentation."},
        {Stage::Objections, "objection."}, {Stage::Closing, "close."},
        {Stage::FollowUp, "follow_up."}};
    std::set<std::string> seen;
    for (const Rule& r : book().rules) {
        SCOPED_TRACE(r.id);
        EXPECT_TRUE(seen.insert(r.id).second) << "duplicate id";
        const std::string& p = prefix.at(r.stage);
        ASSERT_EQ(r.id.rfind(p, 0), 0u);
        // Prospecting rules name the lead's situation; every other rule names its move next.
        // A gate caps the moves of its stage and is named "gate" instead.
        if (r.gate) {
            EXPECT_EQ(r.id.rfind(p + "gate.", 0), 0u);
        } else if (r.stage != Stage::Prospecting) {
            EXPECT_EQ(r.id.rfind(p + r.move + ".", 0), 0u);
        }
    }
}

TEST(RuleBookFile, EveryMoveHasAFallbackRule) {
    const RuleBook& b = book();
    for (const MoveInfo& m : b.moves) {
        const bool has = std::any_of(b.rules.begin(), b.rules.end(), [&](const Rule& r) {
            return r.stage == m.stage && r.move == m.id && r.when.empty();
        });
        EXPECT_TRUE(has) << m.id << " has no rule with `when: {}`";
    }
}

TEST(RuleBookFile, CompetenciesFollowTheStageExceptRapportAndNeedsDiscovery) {
    for (const Rule& r : book().rules) {
        SCOPED_TRACE(r.id);
        if (r.move == "rapport" || r.move == "skip_rapport") {
            EXPECT_EQ(r.competency, "rapport");
        } else if (r.move == "background_question" || r.move == "needs_question") {
            EXPECT_EQ(r.competency, "needs_discovery");
        } else {
            EXPECT_EQ(r.competency, default_competency(r.stage));
        }
    }
}

// [SECTION] Effects that the engine relies on
TEST(RuleBookEffects, ObjectionAnswersResolveOnlyWhenTheyFit) {
    for (const Rule& r : book().rules) {
        if (r.stage != Stage::Objections || is_follow_up_move(r.move)) continue;
        SCOPED_TRACE(r.id);
        const bool fits = r.verdict == Verdict::Best || r.verdict == Verdict::Good;
        EXPECT_EQ(r.effects.resolves, fits);
        EXPECT_FALSE(r.effects.closes);
        if (r.verdict == Verdict::Best) {
            EXPECT_GE(r.effects.readiness, 10);
            EXPECT_LE(r.effects.readiness, 15);
        }
        if (r.verdict == Verdict::Mistake) {
            EXPECT_LT(r.effects.trust, 0);
            EXPECT_LT(r.effects.readiness + r.effects.patience, 0);
        }
    }
    const Rule* ego = book().find_rule("objection.denial.ego");
    ASSERT_NE(ego, nullptr);
    EXPECT_LE(ego->effects.trust, -25);
    EXPECT_LE(ego->effects.patience, -20);
    const Rule* hidden = book().find_rule("objection.question.hidden");
    ASSERT_NE(hidden, nullptr);
    EXPECT_TRUE(hidden->effects.reveals);
    for (const Rule& r : book().rules)
        if (r.id != "objection.question.hidden") {
            EXPECT_FALSE(r.effects.reveals) << r.id;
        }
}

TEST(RuleBookEffects, EveryTechniqueButTheTrialCloseIsAnAttempt) {
    for (const Rule& r : book().rules) {
        if (r.stage != Stage::Closing) continue;
        SCOPED_TRACE(r.id);
        EXPECT_EQ(r.effects.closes, r.move != "trial");
        EXPECT_FALSE(r.effects.resolves);
        EXPECT_EQ(r.effects.resolves_last, r.id == "close.objection.one");
        if (r.effects.closes && r.verdict == Verdict::Best) {
            EXPECT_GE(r.effects.readiness, 20);
            EXPECT_LE(r.effects.readiness, 30);
        }
        if (r.verdict == Verdict::Mistake) {
            EXPECT_LT(r.effects.readiness, 0);
        }
        if (r.verdict == Verdict::Weak) {
            EXPECT_LE(r.effects.readiness, 5);
        }
    }
    const Rule* lie = book().find_rule("close.scarcity.false");
    ASSERT_NE(lie, nullptr);
    EXPECT_LE(lie->effects.trust, -30);
}

TEST(RuleBookEffects, BestClosesFromTheTableSucceed) {
    for (const Case& c : table()) {
        if (c.stage != Stage::Closing || c.expect != Verdict::Best) continue;
        const Rule* r = book().match(c.stage, c.move, c.situation());
        ASSERT_NE(r, nullptr) << label(c);
        if (!r->effects.closes) continue;
        EXPECT_GE(c.state.readiness + r->effects.readiness, c.close_at) << label(c);
    }
}

// [SECTION] The table
TEST(RuleBookTable, EachSituationPicksTheExpectedRule) {
    const RuleBook& b = book();
    for (const Case& c : table()) {
        SCOPED_TRACE(label(c));
        const Rule* r =
            c.with_gates ? b.judge(c.stage, c.move, c.situation()) : b.match(c.stage, c.move, c.situation());
        ASSERT_NE(r, nullptr);
        EXPECT_EQ(r->id, c.expect_id);
        EXPECT_EQ(to_string(r->verdict), to_string(c.expect));
        EXPECT_EQ(r->stage, c.stage);
        if (!r->gate) {
            EXPECT_EQ(r->move, c.move);
        }
    }
}

TEST(RuleBookTable, EveryRuleIsExpectedByARow) {
    std::set<std::string> expected;
    for (const Case& c : table()) expected.insert(c.expect_id);
    for (const Rule& r : book().rules)
        EXPECT_EQ(expected.count(r.id), 1u) << r.id << " has no row in the table";
    for (const std::string& id : expected)
        EXPECT_NE(book().find_rule(id), nullptr) << id << " is not in the book";
}

TEST(RuleBookTable, EachMethodIsBestSomewhereAndAMistakeSomewhere) {
    const std::vector<Case> rows = table();
    for (Method m : all_methods) {
        const std::string id(to_string(m));
        std::set<Verdict> seen;
        for (const Case& c : rows)
            if (c.stage == Stage::Objections && c.move == id) seen.insert(c.expect);
        EXPECT_EQ(seen.count(Verdict::Best), 1u) << id << " is never the best answer";
        // §5: yes-but is the safe compromise for most objections, rarely best and never a mistake.
        if (m == Method::YesBut) {
            EXPECT_EQ(seen.count(Verdict::Mistake), 0u) << "yes-but is judged a mistake somewhere";
        } else {
            EXPECT_EQ(seen.count(Verdict::Mistake), 1u) << id << " is never a mistake";
        }
    }
}

TEST(RuleBookTable, EachTechniqueIsBestSomewhere) {
    const std::vector<Case> rows = table();
    for (Technique t : all_techniques) {
        const std::string id(to_string(t));
        const bool best = std::any_of(rows.begin(), rows.end(), [&](const Case& c) {
            return c.stage == Stage::Closing && c.move == id && c.expect == Verdict::Best;
        });
        EXPECT_TRUE(best) << id << " is never the best close";
    }
}

// Each kind of objection has one method the book calls best, and denial never is for ego.
TEST(RuleBookTable, EveryKindOfObjectionHasABestMethod) {
    struct Kind {
        const char* flags;
        const char* context;
        const char* best;
    };
    const Kind kinds[] = {
        {"misinformed", "b2b", "denial"},
        {"misinformed", "retail", "yes_but"},
        {"ego", "b2b", "yes_but"},
        {"ego misinformed", "retail", "yes_but"},
        {"excuse need_found", "b2c", "boomerang"},
        {"valid offsets", "b2b", "compensation"},
        {"trivial", "retail", "pass_up"},
        {"hidden", "b2c", "question"},
    };
    for (const Kind& k : kinds) {
        SCOPED_TRACE(std::string(k.flags) + " in " + k.context);
        std::vector<std::string> best;
        for (Method m : all_methods) {
            Case c = row(Stage::Objections, std::string(to_string(m)), "kind").in(k.context).obj(k.flags);
            const Rule* r = book().match(c.stage, c.move, c.situation());
            ASSERT_NE(r, nullptr) << c.move;
            if (r->verdict == Verdict::Best) best.push_back(c.move);
        }
        EXPECT_EQ(best, std::vector<std::string>{k.best});
    }
}

// [SECTION] Value ranges: what a test of a buyer value tells a search

Condition compare(const char* fact, std::optional<double> ge, std::optional<double> lt,
                  std::optional<double> eq = std::nullopt) {
    Condition c;
    c.fact = fact;
    c.op = Condition::Op::Compare;
    c.ge = ge;
    c.lt = lt;
    c.eq = eq;
    EXPECT_TRUE(c.resolve());
    return c;
}

// Every value in the kept range gives the same answer as `x`, and the first value outside it on
// either side (where there is one) gives the other answer: the range is sound and as wide as it can be.
void expect_exact_range(const Condition& c, int x) {
    SCOPED_TRACE(c.fact + " at " + std::to_string(x));
    Situation s;
    s.close_at = 70;
    ValueRanges r;
    s.tested = &r;
    s.state.readiness = x;
    const bool answer = c.holds(s);
    s.tested = nullptr;
    const int lo = r.lo[ValueRanges::Readiness];
    const int hi = r.hi[ValueRanges::Readiness];
    ASSERT_LE(lo, x);
    ASSERT_GE(hi, x);
    for (int v = -5; v <= 105; ++v) {
        s.state.readiness = v;
        if (v >= lo && v <= hi) {
            EXPECT_EQ(c.holds(s), answer) << "value " << v;
        }
    }
    if (lo > -ValueRanges::unbounded) {
        s.state.readiness = lo - 1;
        EXPECT_NE(c.holds(s), answer) << "below " << lo;
    }
    if (hi < ValueRanges::unbounded) {
        s.state.readiness = hi + 1;
        EXPECT_NE(c.holds(s), answer) << "above " << hi;
    }
    // Only the value tested is narrowed.
    for (auto v : {ValueRanges::Trust, ValueRanges::Interest, ValueRanges::Patience}) {
        EXPECT_EQ(r.lo[v], -ValueRanges::unbounded);
        EXPECT_EQ(r.hi[v], ValueRanges::unbounded);
    }
}

TEST(ValueRanges, EachTestKeepsExactlyTheValuesThatAnswerTheSame) {
    const Condition at_least = compare("state.readiness", 45, std::nullopt);
    const Condition band = compare("state.readiness", 45, 70);
    const Condition half_open = compare("state.readiness", 44.5, 69.5);
    const Condition exactly = compare("state.readiness", std::nullopt, std::nullopt, 50);
    Condition ready;
    ready.fact = "ready";
    ASSERT_TRUE(ready.resolve());
    Condition not_ready = ready;
    not_ready.op = Condition::Op::IsFalse;
    for (int x : {0, 1, 30, 44, 45, 50, 69, 70, 71, 100}) {
        expect_exact_range(at_least, x);
        expect_exact_range(band, x);
        expect_exact_range(half_open, x);
        expect_exact_range(exactly, x);
        expect_exact_range(ready, x);
        expect_exact_range(not_ready, x);
    }
}

TEST(ValueRanges, TestsThatCannotChangeTheirAnswerKeepEveryValue) {
    Situation s;
    ValueRanges r;
    s.tested = &r;
    s.state.readiness = 50;
    // Equal to a fraction: no whole value ever is.
    EXPECT_FALSE(compare("state.readiness", std::nullopt, std::nullopt, 50.5).holds(s));
    Condition text;
    text.fact = "state.readiness";
    text.op = Condition::Op::Equals;
    text.strings = {"high"};
    ASSERT_TRUE(text.resolve());
    EXPECT_FALSE(text.holds(s));
    // A fact that is not a buyer value.
    Condition complex;
    complex.fact = "product.complex";
    ASSERT_TRUE(complex.resolve());
    complex.holds(s);
    EXPECT_EQ(r.lo, ValueRanges{}.lo);
    EXPECT_EQ(r.hi, ValueRanges{}.hi);
}

TEST(ValueRanges, NarrowingIntersectsAndContainsChecksEveryValue) {
    ValueRanges r;
    r.keep(ValueRanges::Trust, 10, 90);
    r.keep(ValueRanges::Trust, 20, 5000);
    EXPECT_EQ(r.lo[ValueRanges::Trust], 20);
    EXPECT_EQ(r.hi[ValueRanges::Trust], 90);
    ValueRanges other;
    other.keep(ValueRanges::Patience, -5000, 0);
    r.keep(other);
    EXPECT_EQ(r.lo[ValueRanges::Patience], -ValueRanges::unbounded);
    EXPECT_EQ(r.hi[ValueRanges::Patience], 0);
    BuyerState b;
    b.trust = 50;
    b.patience = 0;
    EXPECT_TRUE(r.contains(b));
    b.patience = 1;
    EXPECT_FALSE(r.contains(b));
    b.patience = 0;
    b.trust = 91;
    EXPECT_FALSE(r.contains(b));
    r.clear();
    EXPECT_TRUE(r.contains(b));
}

}  // namespace
}  // namespace salesim
