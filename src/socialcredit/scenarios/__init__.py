"""The scenarios shipped with the package, as YAML files; `socialcredit.inputs` reads them."""
