// Notebook 6 loads this file from the kernelspec directory when a notebook
// uses the gofutures kernel, and calls onload. Go is indented with tabs
// (gofmt), while Notebook's editor indents with four spaces: make the code
// cells of this kernel's notebooks insert tabs, shown four columns wide.
// JupyterLab and Notebook 7 do not read kernel.js.
define(["base/js/namespace"], function (Jupyter) {
    "use strict";
    var options = {indentUnit: 4, tabSize: 4, indentWithTabs: true};

    function configure(cell) {
        if (cell && cell.cell_type === "code" && cell.code_mirror) {
            for (var k in options) {
                cell.code_mirror.setOption(k, options[k]);
            }
        }
    }

    function onload() {
        // Cells made from now on start with these options...
        var defaults = Jupyter.CodeCell.options_default.cm_config;
        for (var k in options) {
            defaults[k] = options[k];
        }
        // ...and the cells already there, or made from saved config, get them.
        Jupyter.notebook.get_cells().forEach(configure);
        Jupyter.notebook.events.on("create.Cell", function (event, data) {
            configure(data.cell);
        });
    }

    return {onload: onload};
});
