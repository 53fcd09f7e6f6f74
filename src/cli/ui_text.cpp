// The command line's string table: English and Finnish side by side so a missing one shows in review.
#include "cli/ui_text.hpp"

#include <array>
#include <cstddef>

namespace salesim::cli {

namespace {

struct Pair {
    std::string_view en;
    std::string_view fi;
};

constexpr std::array<Pair, static_cast<std::size_t>(Msg::Count)> messages{{
    {"1 file checked", "1 tiedosto tarkistettu"},
    {"{n} files checked", "{n} tiedostoa tarkistettu"},
    {"all valid", "kaikki kunnossa"},
    {"valid", "kunnossa"},
    {"1 error", "1 virhe"},
    {"{n} errors", "{n} virhettä"},
    {"1 warning", "1 varoitus"},
    {"{n} warnings", "{n} varoitusta"},
    {"in 1 file", "1 tiedostossa"},
    {"in {n} files", "{n} tiedostossa"},
    {"ID", "TUNNUS"},
    {"FILE", "TIEDOSTO"},
    {"TITLE", "NIMI"},
    {"LANG", "KIELET"},
    {"CONTEXT", "TYYPPI"},
    {"LEVEL", "TASO"},
    {"STAGES", "VAIHEET"},
    {"all 7", "kaikki 7"},
    {"No valid scenarios in {dir}.", "Kansiossa {dir} ei ole kelvollisia skenaarioita."},
    {"1 file has errors and is not listed; run `salesim validate {dir}` for details:",
     "1 tiedostossa on virheitä, eikä sitä ole listattu; tiedot: `salesim validate {dir}`:"},
    {"{n} files have errors and are not listed; run `salesim validate {dir}` for details:",
     "{n} tiedostossa on virheitä, eikä niitä ole listattu; tiedot: `salesim validate {dir}`:"},
    {"Type the number of your choice, h for a hint (halves the points), s to save, q to quit.",
     "Kirjoita valintasi numero, h = vihje (puolittaa pisteet), s = tallenna, q = lopeta."},
    {"Goals:", "Tavoitteet:"},
    {"Buyer", "Ostaja"},
    {"seed", "siemen"},
    {"You", "Sinä"},
    {"trust", "luottamus"},
    {"interest", "kiinnostus"},
    {"patience", "kärsivällisyys"},
    {"readiness", "ostovalmius"},
    {"{n} points", "{n} pistettä"},
    {"hint taken", "vihje käytetty"},
    {"'{input}' is not a choice: type a number from 1 to {max}, or h, s or q.",
     "'{input}' ei ole vaihtoehto: kirjoita numero 1–{max} tai h, s tai q."},
    {"Type a number from 1 to {max}, or h for a hint, s to save, q to quit.",
     "Kirjoita numero 1–{max}, tai h = vihje, s = tallenna, q = lopeta."},
    {"There is no option {input}: the options are 1 to {max}.",
     "Vaihtoehtoa {input} ei ole: vaihtoehdot ovat 1–{max}."},
    {"Hint (this decision now scores half): {n}) {move}.",
     "Vihje (tästä päätöksestä saa nyt puolet): {n}) {move}."},
    {"Saved to {file}.", "Tallennettu: {file}."},
    {"Could not save to {file}: {why}", "Tallennus epäonnistui ({file}): {why}"},
    {"Session unfinished; decisions made: {n}.", "Harjoitus jäi kesken; päätöksiä tehty: {n}."},
    {"The --choices list ran out before the end.", "--choices-lista loppui ennen loppua."},
    {"Continue with: salesim play --resume {file}", "Jatka komennolla: salesim play --resume {file}"},
    {"Resumed; decisions made so far: {n}.", "Jatketaan; päätöksiä tehty: {n}."},
    {"Debrief", "Palaute"},
    {"Outcome", "Lopputulos"},
    {"Score", "Pisteet"},
    {"passed (pass mark {pass})", "hyväksytty (raja {pass})"},
    {"not passed (pass mark {pass})", "ei hyväksytty (raja {pass})"},
    {"Stage scores", "Vaiheiden pisteet"},
    {"not reached", "ei saavutettu"},
    {"Decisions", "Päätökset"},
    {"You chose", "Valitsit"},
    {"Why", "Miksi"},
    {"Better", "Parempi"},
    {"Rule", "Sääntö"},
}};

constexpr std::array<Pair, 7> stage_names{{
    {"Prospecting and qualifying", "Etsintä ja arviointi"},
    {"Pre-approach", "Ennakkolähestyminen"},
    {"Approach", "Lähestyminen"},
    {"Presentation and demonstration", "Esittely ja demonstraatio"},
    {"Handling objections", "Vastalauseiden käsittely"},
    {"Closing", "Kaupan päättäminen"},
    {"Follow-up", "Seuranta ja ylläpito"},
}};

constexpr std::array<Pair, 7> stage_shorts{{
    {"prosp", "etsintä"},
    {"pre", "ennakko"},
    {"appr", "lähest"},
    {"pres", "esittely"},
    {"obj", "vastal"},
    {"close", "päätös"},
    {"follow", "seuranta"},
}};

constexpr std::array<Pair, 4> verdict_names{{
    {"best", "paras"},
    {"good", "hyvä"},
    {"weak", "heikko"},
    {"mistake", "virhe"},
}};

constexpr std::array<Pair, 4> outcome_names{{
    {"in progress", "kesken"},
    {"sale", "kauppa syntyi"},
    {"no sale", "ei kauppaa"},
    {"the buyer walked away", "ostaja lähti"},
}};

std::string_view pick(std::string_view lang, const Pair& p) {
    return lang == "fi" ? p.fi : p.en;
}

}  // namespace

std::string_view tr(std::string_view lang, Msg m) {
    return pick(lang, messages.at(static_cast<std::size_t>(m)));
}

std::string fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string>> values) {
    std::string out(pattern);
    for (const auto& [key, value] : values) {
        const std::string token = "{" + std::string(key) + "}";
        for (std::size_t at = out.find(token); at != std::string::npos;
             at = out.find(token, at + value.size())) {
            out.replace(at, token.size(), value);
        }
    }
    return out;
}

std::string count_text(std::string_view lang, long n, Msg one, Msg many) {
    return fill(tr(lang, n == 1 ? one : many), {{"n", std::to_string(n)}});
}

std::string_view stage_name(std::string_view lang, Stage s) {
    return pick(lang, stage_names.at(static_cast<std::size_t>(s)));
}
std::string_view stage_short(std::string_view lang, Stage s) {
    return pick(lang, stage_shorts.at(static_cast<std::size_t>(s)));
}
std::string_view verdict_name(std::string_view lang, Verdict v) {
    return pick(lang, verdict_names.at(static_cast<std::size_t>(v)));
}
std::string_view verdict_mark(Verdict v) {
    switch (v) {
        case Verdict::Best:
        case Verdict::Good:
            return "✓";
        case Verdict::Weak:
            return "~";
        case Verdict::Mistake:
            return "✗";
    }
    return "?";
}
std::string_view outcome_name(std::string_view lang, Outcome o) {
    return pick(lang, outcome_names.at(static_cast<std::size_t>(o)));
}

}  // namespace salesim::cli
