// Decap CMS starts as soon as decap-cms.js loads unless told to wait; editor.js
// registers the site's formats and widgets first, then starts it.
window.CMS_MANUAL_INIT = true;
