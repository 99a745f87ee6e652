-- Headless Neovim calling prompt-lint's custom request promptLint/context (docs/lsp.md) on the
-- current buffer, as a user's Lua would: once for the saved text, once after an unsaved edit
-- that adds an @import. Prints one line per agent and file, then PASS.
-- Env: SERVER=/path/bin/prompt-lint-language-server.js FILE=/path/CLAUDE.md ROOT=/repo
-- Works on Neovim 0.7.2 (vim.lsp.start_client) and later.
local server = assert(os.getenv('SERVER'), 'SERVER env var required')
local file = assert(os.getenv('FILE'), 'FILE env var required')
local root = assert(os.getenv('ROOT'), 'ROOT env var required')
local function out(msg) io.stdout:write(msg .. '\n') end
local function fail(msg) out('FAIL: ' .. msg); vim.cmd('cquit 1') end

local client_id = vim.lsp.start_client({
  name = 'prompt-lint',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  settings = { promptLint = { debounceMs = 0 } },
})
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(bufnr, client_id)
local client = vim.lsp.get_client_by_id(client_id)
if not vim.wait(20000, function() return client.initialized end, 50) then fail('the server did not initialize') end

local function show(label)
  local response, err = client.request_sync('promptLint/context', { uri = vim.uri_from_bufnr(bufnr) }, 20000, bufnr)
  if not response then fail('no answer: ' .. tostring(err)) end
  if response.err then fail('error: ' .. vim.inspect(response.err)) end
  for _, agent in ipairs(response.result.agents) do
    out(('%s agent %s total %d tokens'):format(label, agent.agent, agent.total.tokens))
    for _, f in ipairs(agent.files) do out(('%s   %s %s %s %d'):format(label, agent.agent, f.path, f.kind, f.tokens)) end
  end
end

show('saved')
-- an unsaved edit: a new import on the last line
vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { '- Style: @docs/style.md' })
show('unsaved')
out('PASS')
vim.cmd('qall!')
