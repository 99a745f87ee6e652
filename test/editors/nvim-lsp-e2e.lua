-- Headless Neovim as a real LSP client of prompt-lint-language-server (over stdio):
-- open a prompt file, wait for prompt-lint diagnostics, request code actions, apply
-- "Disable <rule> for this line" (SCOPE=file: "… for the entire file"), and wait until the
-- diagnostic is gone.
-- Run: nvim --headless --clean -u nvim-lsp-e2e.lua
-- Env: SERVER=/path/bin/prompt-lint-language-server.js FILE=/path/prompt.md ROOT=/workspace RULE=token-budget SCOPE=line|file
-- Works on Neovim 0.7.2 (Debian bookworm); uses vim.lsp.start when present (>= 0.8).
local server = assert(os.getenv('SERVER'), 'SERVER env var required')
local file = assert(os.getenv('FILE'), 'FILE env var required')
local root = os.getenv('ROOT') or vim.fn.fnamemodify(file, ':p:h')
local rule = os.getenv('RULE') or 'token-budget'
local whole_file = os.getenv('SCOPE') == 'file'
local title = 'Disable ' .. rule .. (whole_file and ' for the entire file' or ' for this line')
local directive = (whole_file and 'prompt-lint-disable-file ' or 'prompt-lint-disable-next-line ') .. rule
local timeout = tonumber(os.getenv('TIMEOUT_MS') or '20000')
local function out(msg) io.stdout:write(msg .. '\n') end
local function fail(msg) out('FAIL: ' .. msg); vim.cmd('cquit 1') end
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end

vim.cmd('filetype on')
local raw = {}  -- raw LSP diagnostics by uri (the codeAction context needs them with their data)
local default_pd = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  raw[result.uri] = result.diagnostics
  return default_pd(err, result, ctx, config)
end

local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'yaml' },
  callback = function(args)
    local cfg = {
      name = 'prompt-lint',
      cmd = { 'node', server, '--stdio' },
      root_dir = root,
      settings = { promptLint = { debounceMs = 0 } },
      on_exit = function(code) if code ~= 0 then out('server exited with ' .. code) end end,
    }
    if vim.lsp.start then          -- Neovim >= 0.8
      client_id = vim.lsp.start(cfg, { bufnr = args.buf })
    else                           -- Neovim 0.7
      client_id = client_id or vim.lsp.start_client(cfg)
      vim.lsp.buf_attach_client(args.buf, client_id)
    end
  end,
})

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(bufnr)
out(('[%dms] opened %s filetype=%s'):format(ms(), file, vim.bo[bufnr].filetype))

local function ours()
  local found = {}
  for _, d in ipairs(raw[uri] or {}) do
    if d.source == 'prompt-lint' and d.code == rule then table.insert(found, d) end
  end
  return found
end

if not vim.wait(timeout, function() return #ours() > 0 end, 20) then fail('no ' .. rule .. ' diagnostics before timeout') end
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  out(('[%dms] diagnostic %d:%d-%d:%d sev=%d source=%s code=%s message=%s'):format(
    ms(), d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1, d.severity, tostring(d.source),
    tostring(d.user_data and d.user_data.lsp and d.user_data.lsp.code), d.message))
end

-- Code action round trip: ask for the actions of the diagnostic, apply the disable action.
local diag = ours()[1]
local params = { textDocument = { uri = uri }, range = diag.range, context = { diagnostics = { diag } } }
local resp = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
local actions = {}
for _, r in pairs(resp or {}) do for _, a in ipairs(r.result or {}) do table.insert(actions, a) end end
if #actions == 0 then fail('no code actions returned') end
local chosen
for _, a in ipairs(actions) do
  out(('[%dms] code action: %s (kind=%s)'):format(ms(), a.title, tostring(a.kind)))
  if a.title == title then chosen = a end
end
if not chosen then fail('no "' .. title .. '" action') end
-- the line comment goes above the diagnostic's line, the file comment at the top
local line = whole_file and 0 or diag.range.start.line
vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
local inserted = vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1] or ''
out(('[%dms] line %d after edit: %s'):format(ms(), line + 1, inserted))
if not inserted:find(directive, 1, true) then fail('directive comment not inserted') end

-- The server gets the change from Neovim and re-lints: the diagnostic goes away.
if not vim.wait(timeout, function() return #ours() == 0 end, 20) then fail('diagnostic still present after the code action') end
out(('[%dms] diagnostics after the edit: %d'):format(ms(), #ours()))
out('PASS')
vim.cmd('qall!')
