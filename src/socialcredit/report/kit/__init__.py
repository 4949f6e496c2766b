"""The parts every page is built from: the page shell and its style, inline SVG, bar and step
charts, daily time series, the text of figures (values, intervals, differences, seeds), one run
as the renderers see it, the figures that lead a run, the data footprint, and the catalogue in
words.

The kit renders what it is handed and knows no page: a page package (`run`, `compare`,
`experiment`, `calibration`, `harmcard`) imports from here, never the other way round.
"""
