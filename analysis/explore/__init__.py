"""Interactive exploration in JupyterLab: explorers over the tokens layer, plotly figures.

``analysis.explore.views`` computes what the explorers show (tested headless);
``analysis.explore.widgets`` wires it to ipywidgets and itables;
``analysis.explore.figures`` draws the comparison and network figures with plotly.
Import the explorers from ``analysis.explore.widgets`` (it needs a kernel's widgets).
"""
