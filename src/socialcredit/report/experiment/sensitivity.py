"""Sensitivity indices (first-order and total, with intervals) and PRIM boxes."""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.analysis import Discovery, Index, Sensitivity
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import Bar, Chart, Key, Panel, figure
from socialcredit.report.kit.style import BLUE, ORANGE
from socialcredit.report.kit.text import esc


def _cell(index: Index) -> str:
    if index.value is None:
        return "undefined"
    text = f"{index.value:.3f}"
    if index.low is not None and index.high is not None:
        text += f" ({index.low:.3f} to {index.high:.3f})"
    return text.replace("-", "\u2212")


def sensitivity_section(p: Page, items: Sequence[Sensitivity]) -> str:
    if not items:
        return "<p>No block of this experiment varies anything to analyse.</p>"
    method = items[0].method
    if method == "sobol":
        first_name, total_name = "First-order index S1", "Total index ST"
        intro = (
            "<p>Sobol' indices: S1 is the share of an outcome's variance over the design that "
            "the input explains on its own; ST adds its interactions with the other inputs. "
            "Computed per policy and scenario over the design points (each point's mean over "
            "seeds), with SALib's bootstrap 95% intervals. A share of variance lies between 0 "
            "and 1: an index outside that range by more than its interval says the sample is "
            "too small to estimate the indices, and that block's are not shown as results. "
            "Intervals that merely reach below 0 or above 1 say the sample is too small to pin "
            "the index down.</p>"
        )
        too_small = [item for item in items if item.too_small]
        if too_small:
            intro += (
                f'<p class="callout"><strong>The sample is too small:</strong> in '
                f"{len(too_small)} of {len(items)} outcomes and blocks an index lies outside "
                "[0, 1] beyond its interval, so no ranking of the inputs is given for them. "
                "Sample more points (<code>sampling.samples</code>) and run again.</p>"
            )
    else:
        first_name, total_name = "μ* (mean absolute effect)", "σ (spread of effects)"
        intro = (
            "<p>Morris elementary effects: μ* is the mean size of the change in the outcome "
            "when the input moves one step across its range (in the outcome's units), σ the "
            "spread of those changes (large σ: the effect depends on the other inputs). "
            "With SALib's bootstrap 95% interval of μ*.</p>"
        )
    out = [intro]
    for item in items:
        label = CATALOGUE.metric_label(item.outcome)
        caption = f"{esc(label)}: {esc(item.policy)} × {esc(item.scenario)}"
        if item.note:
            out.append(f"<p><strong>{caption}</strong>: no indices ({esc(item.note)}).</p>")
            continue
        if item.too_small:
            out.append(
                f"<p><strong>{caption}</strong>: the sample is too small for these indices to "
                "rank the inputs. "
                + "; ".join(
                    f"{kind} of <code>{esc(index.factor)}</code> is {esc(_cell(index))}"
                    for kind, index in item.impossible
                )
                + ". Each lies outside [0, 1], where no share of variance can be, beyond its "
                "95% interval. The estimates are in <code>analysis.json</code>.</p>"
            )
            continue
        rows = [
            [f"<code>{esc(f.factor)}</code>", esc(_cell(f)), esc(_cell(t))]
            for f, t in zip(item.first, item.total, strict=True)
        ]
        out.append(p.table(caption, ["Input", first_name, total_name], rows))
        out.append(
            figure(
                p,
                _bars(item, first_name, total_name),
                label=f"{first_name} and {total_name} of each input for {label}",
                caption_html=caption,
            )
        )
    return "".join(out)


def _bars(item: Sensitivity, first_name: str, total_name: str) -> Chart:
    """Each input's two indices as bars side by side, the first input on top, with their 95%
    whiskers where the bootstrap gave them. An index may lie a little below zero (a Sobol'
    estimate from a small sample): its bar hangs left of the zero line, its whisker whole."""
    names = [f.factor.split(".", 1)[1] for f in item.first]
    panel = Panel(categories=names, horizontal=True, from_zero=False, name_length=40, rules=[0.0])
    for offset, indices, colour in ((-0.2, item.first, BLUE), (0.2, item.total, ORANGE)):
        for at, index in enumerate(indices):
            if index.value is None:
                continue  # undefined: no bar, never a zero bar
            panel.bars.append(Bar(at, offset, 0.38, index.value, index.low, index.high, colour))
    if not panel.bars:
        panel.empty = "No index could be estimated"
    keys = [Key(first_name, BLUE, "patch"), Key(total_name, ORANGE, "patch")]
    return Chart((6.0, 0.45 * len(names) + 1.6), [panel], keys)


def discovery_section(p: Page, found: Discovery) -> str:
    label = CATALOGUE.metric_label(found.condition.metric)
    intro = (
        f"<p>Where does <code>{esc(str(found.condition))}</code> ({esc(label)}, mean over "
        f"seeds) hold? It holds in {found.cases} of {found.total} variants. PRIM peels the "
        "space of varied inputs down to boxes where it mostly holds. <strong>Coverage</strong>: "
        "the share of those variants inside the box; <strong>density</strong>: the share of "
        "the box's variants that meet the condition.</p>"
    )
    if not found.boxes:
        return intro + f"<p>No box: {esc(found.note)}.</p>"
    out = [intro]
    for n, box in enumerate(found.boxes, start=1):
        rows = []
        for limit in box.limits:
            if limit.among is not None:
                where = "one of " + ", ".join(limit.among)
            else:
                where = f"{limit.low:g} to {limit.high:g}"
            rows.append([f"<code>{esc(limit.factor)}</code>", esc(where)])
        if not rows:
            rows.append(["(no restriction)", "the whole design"])
        out.append(
            p.table(
                f"Box {n}: coverage {box.coverage:.0%}, density {box.density:.0%}, "
                f"{box.mass:.0%} of the variants",
                ["Input", "Range in the box"],
                rows,
                numeric=[False, False],
            )
        )
    return "".join(out)
