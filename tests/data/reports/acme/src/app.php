<?php
// Acme's dispatch back office.
echo "dispatch";
