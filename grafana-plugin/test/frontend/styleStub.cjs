/* global module */
// Stylesheets imported by @grafana/ui: jsdom does not apply them.
module.exports = {};
