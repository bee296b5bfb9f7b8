# -*- coding: utf-8 -*-
# Copyright (c) 2026 starlingx.platform contributors
# SPDX-License-Identifier: Apache-2.0

import base64
import io
import json
import tarfile

import pytest

from ansible_collections.starlingx.platform.plugins.modules import application
from ansible_collections.starlingx.platform.tests.unit.fake_cloud import ADMIN_PASSWORD

HELM = '/usr/local/share/applications/helm'


def args(cloud, **extra):
    result = {'auth_url': cloud.auth_url, 'username': 'admin', 'password': ADMIN_PASSWORD, 'poll_interval': 0.01}
    result.update(extra)
    return result


def writes(cloud):
    return [(r.method, r.path, r.query) for r in cloud.sysinv.requests if r.method != 'GET']


def make_tarball(path, name='my-app', version='1.0-3', metadata=True):
    with tarfile.open(str(path), 'w:gz') as tar:
        files = {'fluxcd-manifests/kustomization.yaml': b'resources: [base]\n'}
        if metadata:
            files['metadata.yaml'] = ('app_name: %s\napp_version: "%s"\nupgrades:\n  auto_update: false\n'
                                      % (name, version)).encode()
        for member, data in files.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return str(path)


# -- upload and apply ---------------------------------------------------------------------------

def test_uploads_and_applies_a_missing_app(run_module, fake_cloud):
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', tarfile=HELM + '/snmp-25.09-80.tgz'))
    assert not failed, result
    assert result['changed'] is True
    assert result['actions'] == ['upload', 'apply']
    assert result['application']['status'] == 'applied'
    assert result['application']['app_version'] == '25.09-80'
    assert result['progress'] == 'completed'
    # the wire format of system application-upload / application-apply
    upload, apply_ = [r for r in fake_cloud.sysinv.requests if r.method != 'GET']
    assert (upload.method, upload.path, upload.query) == ('POST', '/v1/apps', '')
    assert upload.json == {'tarfile': HELM + '/snmp-25.09-80.tgz', 'name': 'snmp'}
    assert (apply_.method, apply_.path, apply_.query) == ('PATCH', '/v1/apps/snmp', 'directive=apply')
    assert apply_.json == {'values': {}}
    # every progress text seen while waiting
    assert result['history'] == [
        '25.09-80 uploading: extracting application tar file', '25.09-80 uploaded: completed',
        '25.09-80 applying: Applying app snmp. Overall completion: 50%', '25.09-80 applied: completed']
    assert [w['what'] for w in result['waits']] == ['application snmp: upload', 'application snmp: apply']


def test_already_applied_is_unchanged_and_sends_no_write(run_module, fake_cloud):
    fake_cloud.add_app('cert-manager', '25.09-102')
    failed, result = run_module(application.main, args(fake_cloud, name='cert-manager', app_version='25.09-102',
                                                       tarfile=HELM + '/cert-manager-25.09-102.tgz'))
    assert not failed
    assert result['changed'] is False and result['actions'] == []
    assert result['application']['status'] == 'applied'
    assert writes(fake_cloud) == []


def test_without_app_version_any_version_satisfies(run_module, fake_cloud):
    fake_cloud.add_app('cert-manager', '25.09-102')
    failed, result = run_module(application.main, args(fake_cloud, name='cert-manager',
                                                       tarfile=HELM + '/cert-manager-25.09-200.tgz'))
    assert not failed and result['changed'] is False
    assert writes(fake_cloud) == []


def test_check_mode_predicts_and_sends_no_write(run_module, fake_cloud):
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', app_version='25.09-80',
                                                       tarfile=HELM + '/snmp-25.09-80.tgz'),
                                check_mode=True, diff=True)
    assert not failed
    assert result['changed'] is True and result['actions'] == ['upload', 'apply']
    assert result['application']['status'] == 'applied'
    assert result['diff'] == {'before': {}, 'after': {'name': 'snmp', 'app_version': '25.09-80', 'status': 'applied'}}
    assert writes(fake_cloud) == []
    assert fake_cloud.apps == []


def test_diff_mode_reports_name_version_status(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='uploaded')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp'), diff=True)
    assert not failed
    assert result['diff'] == {'before': {'name': 'snmp', 'app_version': '25.09-80', 'status': 'uploaded'},
                              'after': {'name': 'snmp', 'app_version': '25.09-80', 'status': 'applied'}}


def test_no_diff_without_diff_mode(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='uploaded')
    _failed, result = run_module(application.main, args(fake_cloud, name='snmp'))
    assert 'diff' not in result


def test_apply_failure_fails_with_status_and_progress(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='uploaded')
    fake_cloud.fail_app('apply', 'snmp', 'Failed to apply helm release "snmp".')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp'))
    assert failed
    assert 'Apply of application snmp (version 25.09-80) failed: status apply-failed' in result['msg']
    assert 'Failed to apply helm release "snmp".' in result['msg']
    assert result['application']['status'] == 'apply-failed'
    assert result['history'][-1].startswith('25.09-80 apply-failed: Failed to apply helm release')
    assert result['actions'] == ['apply']
    assert result['changed'] is True  # the apply was sent


def test_apply_sends_mode_and_client_side(run_module, fake_cloud):
    fake_cloud.add_app('stx-openstack', '25.09-1', status='uploaded')
    failed, _result = run_module(application.main, args(fake_cloud, name='stx-openstack', mode='normal',
                                                        client_side=False))
    assert not failed
    patch = fake_cloud.sysinv.calls('PATCH', '/v1/apps/stx-openstack')[0]
    assert patch.json == {'values': {'mode': 'normal', 'client_side': False}}


def test_upload_failure_reports_progress(run_module, fake_cloud):
    fake_cloud.fail_app('upload', 'snmp', 'Failed to validate application manifest.')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', state='uploaded',
                                                       tarfile=HELM + '/snmp-25.09-80.tgz'))
    assert failed
    assert 'status upload-failed' in result['msg']
    assert 'Upload of application snmp (25.09-80) failed: Failed to validate application manifest.' in result['msg']


def test_upload_failed_app_is_deleted_and_uploaded_again(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='upload-failed', progress='Upload of application snmp failed')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', state='present',
                                                       tarfile=HELM + '/snmp-25.09-80.tgz'))
    assert not failed
    assert result['actions'] == ['delete', 'upload']
    assert result['application']['status'] == 'uploaded'
    assert [(m, p) for m, p, _q in writes(fake_cloud)] == [('DELETE', '/v1/apps/snmp'), ('POST', '/v1/apps')]


def test_server_error_is_surfaced_with_the_faultstring(run_module, fake_cloud):
    fake_cloud.sysinv.fail('POST', '/v1/apps', 400, body=fake_cloud.sysinv_error(
        400, 'Kubernetes endpoints are not accessible for application operations')[1])
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', tarfile=HELM + '/snmp-25.09-80.tgz'))
    assert failed
    assert result['msg'] == 'Kubernetes endpoints are not accessible for application operations'
    assert result['status'] == 400 and result['url'].endswith('/v1/apps')
    assert result['actions'] == ['upload']


def test_wait_false_returns_after_starting_the_last_operation(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='uploaded')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', wait=False))
    assert not failed and result['changed']
    assert result['application']['status'] == 'applying'
    assert 'waits' not in result


def test_wait_false_still_waits_for_the_upload_before_applying(run_module, fake_cloud):
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', tarfile=HELM + '/snmp-25.09-80.tgz',
                                                       wait=False))
    assert not failed
    assert result['actions'] == ['upload', 'apply']
    assert result['application']['status'] == 'applying'
    assert [w['what'] for w in result['waits']] == ['application snmp: upload']


def test_timeout_reports_the_last_state(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='applying', progress='Applying app snmp. Overall completion: 10%')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', timeout=0))
    assert failed
    assert 'Timed out' in result['msg'] and 'applying' in result['msg']
    assert result['history'] == ['25.09-80 applying: Applying app snmp. Overall completion: 10%']
    assert writes(fake_cloud) == []


def test_an_operation_in_progress_is_waited_for(run_module, fake_cloud):
    app = fake_cloud.add_app('snmp', '25.09-80', status='applying', progress=None)
    fake_cloud._queue('snmp', fake_cloud._set(app, progress='Applying app snmp. Overall completion: 50%'),
                      fake_cloud._set(app, status='applied', progress='completed'))
    failed, result = run_module(application.main, args(fake_cloud, name='snmp'))
    assert not failed
    assert result['changed'] is False and result['actions'] == []
    assert result['application']['status'] == 'applied'
    assert writes(fake_cloud) == []
    assert result['waits'][0]['what'] == 'application snmp to finish applying'


# -- update -------------------------------------------------------------------------------------

def test_update_to_a_new_version(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    failed, result = run_module(application.main, args(
        fake_cloud, name='snmp', app_version='25.09-81', tarfile=HELM + '/snmp-25.09-81.tgz',
        reuse_user_overrides=True), diff=True)
    assert not failed, result
    assert result['actions'] == ['update']
    assert result['application']['app_version'] == '25.09-81'
    assert result['application']['status'] == 'applied'
    assert result['progress'] == 'Application update from version 25.09-80 to version 25.09-81 completed.'
    assert result['diff']['before']['app_version'] == '25.09-80'
    assert result['diff']['after']['app_version'] == '25.09-81'
    update = fake_cloud.sysinv.calls('POST', '/v1/apps/update')[0]
    assert update.json == {'tarfile': HELM + '/snmp-25.09-81.tgz', 'name': 'snmp', 'app_version': '25.09-81',
                           'reuse_user_overrides': 'true'}
    assert 'recovered' not in result


def test_failed_update_reports_the_recovery(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    fake_cloud.fail_app('update', 'snmp', 'Failed to apply helm release "snmp".')
    failed, result = run_module(application.main, args(
        fake_cloud, name='snmp', app_version='25.09-81', tarfile=HELM + '/snmp-25.09-81.tgz'))
    assert failed
    assert result['recovered'] is True
    assert 'from version 25.09-80 to 25.09-81 failed; sysinv recovered version 25.09-80' in result['msg']
    assert 'Application recover to version 25.09-80 completed.' in result['msg']
    assert 'Failure of 25.09-81: Failed to apply helm release "snmp".' in result['msg']
    assert result['application']['app_version'] == '25.09-80'
    assert result['application']['status'] == 'applied'
    assert any(line.startswith('25.09-80 recovering:') for line in result['history'])


def test_failed_update_with_recovery_skipped(run_module, fake_cloud):
    # update_failure_no_rollback / USM activate-rollback: the new version stays apply-failed
    old = fake_cloud.add_app('snmp', '25.09-80', status='inactive')
    new = fake_cloud.add_app('snmp', '25.09-81', status='updating', progress='Application update starting.')
    skipped = 'Application snmp update from version 25.09-80 to version 25.09-81 failed and recovery skipped.'
    fake_cloud.apps.remove(new)
    old['status'] = 'applied'
    fake_cloud.sysinv.fail('POST', '/v1/apps/update', 200, body=dict(new))

    def started():
        old['status'] = 'inactive'
        fake_cloud.apps.append(new)
    # the first GET is the module's read before the update
    fake_cloud._queue('snmp', lambda: None, started, fake_cloud._set(new, status='apply-failed', progress=skipped))
    failed, result = run_module(application.main, args(
        fake_cloud, name='snmp', app_version='25.09-81', tarfile=HELM + '/snmp-25.09-81.tgz'))
    assert failed
    assert result['recovered'] is False
    assert 'version 25.09-80 was not recovered: status apply-failed, version 25.09-81' in result['msg']
    assert skipped in result['msg']


def test_failed_recovery_is_reported(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    fake_cloud.fail_app('update', 'snmp')
    fake_cloud.fail_app('recover', 'snmp', 'Failed to apply helm release "snmp".')
    failed, result = run_module(application.main, args(
        fake_cloud, name='snmp', app_version='25.09-81', tarfile=HELM + '/snmp-25.09-81.tgz'))
    assert failed
    assert result['recovered'] is False
    assert 'version 25.09-80 was not recovered: status apply-failed' in result['msg']


def test_update_needs_a_controller_tarfile(run_module, fake_cloud, tmp_path):
    fake_cloud.add_app('my-app', '1.0-2')
    src = make_tarball(tmp_path / 'my-app-1.0-3.tgz')
    failed, result = run_module(application.main, args(fake_cloud, name='my-app', src=src))
    assert failed
    assert 'updating needs tarfile' in result['msg'] and '1.0-2' in result['msg'] and '1.0-3' in result['msg']
    assert writes(fake_cloud) == []


def test_update_in_check_mode(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    failed, result = run_module(application.main, args(
        fake_cloud, name='snmp', app_version='25.09-81', tarfile=HELM + '/snmp-25.09-81.tgz'), check_mode=True)
    assert not failed and result['actions'] == ['update']
    assert result['application']['app_version'] == '25.09-81'
    assert writes(fake_cloud) == []


def test_other_version_uploaded_is_replaced(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='uploaded')
    failed, result = run_module(application.main, args(
        fake_cloud, name='snmp', app_version='25.09-81', tarfile=HELM + '/snmp-25.09-81.tgz'))
    assert not failed
    assert result['actions'] == ['delete', 'upload', 'apply']
    assert result['application']['app_version'] == '25.09-81'


def test_uploaded_version_other_than_requested_fails(run_module, fake_cloud):
    # sysinv takes the version from the tarball's metadata.yaml when it has one: answer the upload that way
    fake_cloud.sysinv.fail('POST', '/v1/apps', 200, body={
        'name': 'snmp', 'app_version': '25.09-99', 'status': 'uploading', 'progress': None})
    # the first GET is the module's read before the upload
    fake_cloud._queue('snmp', lambda: None, lambda: fake_cloud.add_app('snmp', '25.09-99', status='uploaded'))
    failed, result = run_module(application.main, args(
        fake_cloud, name='snmp', state='uploaded', app_version='25.09-81', tarfile=HELM + '/snmp-25.09-81.tgz'))
    assert failed
    assert 'was uploaded as version 25.09-99' in result['msg'] and '25.09-81 (app_version)' in result['msg']
    assert result['changed'] is True


def test_tarball_naming_another_app_fails(run_module, fake_cloud):
    fake_cloud.sysinv.fail('POST', '/v1/apps', 200, body={
        'name': 'other', 'app_version': '1.0-1', 'status': 'uploading', 'progress': None})
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', tarfile=HELM + '/snmp-25.09-81.tgz'))
    assert failed
    assert "the tarball holds application 'other', not 'snmp' (name)" in result['msg']


# -- remove, delete, abort ----------------------------------------------------------------------

def test_removed_removes_an_applied_app(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', state='removed'))
    assert not failed
    assert result['actions'] == ['remove'] and result['application']['status'] == 'uploaded'
    assert writes(fake_cloud) == [('PATCH', '/v1/apps/snmp', 'directive=remove&force=False')]
    assert fake_cloud.sysinv.calls('PATCH', '/v1/apps/snmp')[0].json == {'values': {}}


def test_remove_failure_is_reported(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    fake_cloud.fail_app('remove', 'snmp', 'operation aborted, check system inventory logs for details')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', state='removed'))
    assert failed
    assert 'Remove of application snmp (version 25.09-80) failed: status remove-failed' in result['msg']


def test_absent_removes_then_deletes_with_force(run_module, fake_cloud):
    fake_cloud.add_app('nginx-ingress-controller', '25.09-88')
    failed, result = run_module(application.main, args(fake_cloud, name='nginx-ingress-controller', state='absent',
                                                       force=True), diff=True)
    assert not failed
    assert result['actions'] == ['remove', 'delete']
    assert result['application'] is None and result['progress'] is None
    assert writes(fake_cloud) == [('PATCH', '/v1/apps/nginx-ingress-controller', 'directive=remove&force=True'),
                                  ('DELETE', '/v1/apps/nginx-ingress-controller', 'force=True')]
    assert result['diff']['after'] == {}
    assert fake_cloud.apps == []


def test_absent_when_missing_is_unchanged(run_module, fake_cloud):
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', state='absent'))
    assert not failed and result['changed'] is False and result['application'] is None
    assert writes(fake_cloud) == []


def test_removed_uploads_a_missing_app(run_module, fake_cloud):
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', state='removed',
                                                       tarfile=HELM + '/snmp-25.09-80.tgz'))
    assert not failed and result['actions'] == ['upload']


def test_abort_alone_aborts_the_running_apply(run_module, fake_cloud):
    app = fake_cloud.add_app('snmp', '25.09-80', status='applying', progress='Applying app snmp. Overall completion: 0%')
    fake_cloud._queue('snmp', fake_cloud._set(app, progress='Applying app snmp. Overall completion: 50%'))
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', abort=True))
    assert not failed
    assert result['actions'] == ['abort']
    assert result['application']['status'] == 'apply-failed'
    assert result['progress'] == 'operation aborted by user'
    assert writes(fake_cloud) == [('PATCH', '/v1/apps/snmp', 'directive=abort')]


def test_abort_with_nothing_running_is_unchanged(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', abort=True))
    assert not failed and result['changed'] is False
    assert writes(fake_cloud) == []


def test_abort_then_absent(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='applying')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', abort=True, state='absent'))
    assert not failed
    assert result['actions'] == ['abort', 'remove', 'delete']
    assert fake_cloud.apps == []


def test_abort_of_an_update_waits_for_the_recovery(run_module, fake_cloud):
    old = fake_cloud.add_app('snmp', '25.09-80', status='inactive')
    new = fake_cloud.add_app('snmp', '25.09-81', status='updating', progress='Application update starting.')
    new['_from'] = old
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', abort=True))
    assert not failed
    assert result['application']['app_version'] == '25.09-80'
    assert result['application']['status'] == 'applied'


def test_abort_in_check_mode(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80', status='removing')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', abort=True), check_mode=True)
    assert not failed and result['actions'] == ['abort']
    assert result['application']['status'] == 'remove-failed'
    assert writes(fake_cloud) == []


# -- src (binary_data) ---------------------------------------------------------------------------

def test_src_is_sent_as_urlsafe_base64(run_module, fake_cloud, tmp_path):
    src = make_tarball(tmp_path / 'my-app-1.0-3.tgz')
    failed, result = run_module(application.main, args(fake_cloud, name='my-app', src=src, state='uploaded'))
    assert not failed, result
    upload = fake_cloud.sysinv.calls('POST', '/v1/apps')[0].json
    assert upload['tarfile'] == 'my-app-1.0-3.tgz'
    assert upload['name'] == 'my-app' and upload['app_version'] == '1.0-3'  # the version of metadata.yaml
    with open(src, 'rb') as handle:
        assert base64.urlsafe_b64decode(upload['binary_data']) == handle.read()
    assert result['application']['app_version'] == '1.0-3'


def test_src_metadata_must_match_name(run_module, fake_cloud, tmp_path):
    src = make_tarball(tmp_path / 'other-1.0-3.tgz', name='other')
    failed, result = run_module(application.main, args(fake_cloud, name='my-app', src=src))
    assert failed
    assert "names application 'other', not 'my-app' (name)" in result['msg']
    assert fake_cloud.all_requests() == []


def test_src_metadata_must_match_app_version(run_module, fake_cloud, tmp_path):
    src = make_tarball(tmp_path / 'my-app-1.0-3.tgz')
    failed, result = run_module(application.main, args(fake_cloud, name='my-app', src=src, app_version='1.0-4'))
    assert failed and "has app_version '1.0-3', not '1.0-4'" in result['msg']
    assert fake_cloud.all_requests() == []


def test_src_without_metadata_uses_the_options(run_module, fake_cloud, tmp_path):
    src = make_tarball(tmp_path / 'my-app.tgz', metadata=False)
    failed, result = run_module(application.main, args(fake_cloud, name='my-app', src=src, app_version='2.0-1',
                                                       state='uploaded'))
    assert not failed
    assert fake_cloud.sysinv.calls('POST', '/v1/apps')[0].json['app_version'] == '2.0-1'


# -- bad input fails before any request ----------------------------------------------------------

@pytest.mark.parametrize('extra, message', [
    ({'tarfile': 'snmp-25.09-80.tgz'}, "tarfile: 'snmp-25.09-80.tgz' must be an absolute path"),
    ({'tarfile': HELM + '/snmp-25.09-80.zip'}, 'it must end in .tgz or .tar.gz'),
    ({'src': '/nonexistent/snmp-25.09-80.tgz'}, 'src: /nonexistent/snmp-25.09-80.tgz does not exist'),
    ({'name': ' '}, 'name must not be empty'),
])
def test_bad_input_fails_before_any_request(run_module, fake_cloud, extra, message):
    params = dict({'name': 'snmp'}, **extra)
    failed, result = run_module(application.main, args(fake_cloud, **params))
    assert failed
    assert message in result['msg']
    assert fake_cloud.all_requests() == []


def test_src_that_is_not_a_tarball(run_module, fake_cloud, tmp_path):
    bogus = tmp_path / 'snmp-25.09-80.tgz'
    bogus.write_bytes(b'not a tarball')
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', src=str(bogus)))
    assert failed and 'is not a readable application tarball' in result['msg']
    assert fake_cloud.all_requests() == []


def test_tarfile_and_src_are_mutually_exclusive(run_module, fake_cloud, tmp_path):
    src = make_tarball(tmp_path / 'my-app-1.0-3.tgz')
    failed, result = run_module(application.main, args(fake_cloud, name='my-app', src=src,
                                                       tarfile=HELM + '/my-app-1.0-3.tgz'))
    assert failed and 'mutually exclusive' in result['msg']


def test_missing_app_without_a_source_fails_before_any_write(run_module, fake_cloud):
    failed, result = run_module(application.main, args(fake_cloud, name='snmp'))
    assert failed and not result.get('changed')
    assert result['msg'] == ('application snmp does not exist; tarfile or src is required to upload it '
                             '(state=applied)')
    assert writes(fake_cloud) == []


def test_url_tarfile_is_accepted(run_module, fake_cloud):
    url = 'https://apps.example.com/helm/snmp-25.09-80.tgz'
    failed, result = run_module(application.main, args(fake_cloud, name='snmp', tarfile=url, state='uploaded'))
    assert not failed
    assert fake_cloud.sysinv.calls('POST', '/v1/apps')[0].json['tarfile'] == url


def test_password_is_not_in_the_result(run_module, fake_cloud):
    fake_cloud.add_app('snmp', '25.09-80')
    _failed, result = run_module(application.main, args(fake_cloud, name='snmp'))
    assert ADMIN_PASSWORD not in json.dumps(result)


# -- planning (no HTTP) --------------------------------------------------------------------------

@pytest.mark.parametrize('state, status, version, expected', [
    ('applied', 'uploaded', None, ['apply']),
    ('applied', 'apply-failed', None, ['apply']),
    ('applied', 'remove-failed', None, ['remove', 'apply']),
    ('applied', 'applied', '2', ['update']),
    ('applied', 'apply-failed', '2', ['remove', 'delete', 'upload', 'apply']),
    ('uploaded', 'applied', None, []),
    ('uploaded', 'applied', '2', ['update']),
    ('uploaded', 'uploaded', '2', ['delete', 'upload']),
    ('removed', 'applied', None, ['remove']),
    ('removed', 'applied', '2', ['remove', 'delete', 'upload']),
    ('removed', 'uploaded', None, []),
    ('absent', 'applied', None, ['remove', 'delete']),
    ('absent', 'remove-failed', None, ['remove', 'delete']),
    ('absent', 'upload-failed', None, ['delete']),
    ('applied', 'uploading', None, ['wait', 'apply']),
    ('absent', 'removing', None, ['wait', 'delete']),
])
def test_plan(module_args, clean_os_env, state, status, version, expected):
    params = {'name': 'a', 'state': state, 'tarfile': '/x/a-1.tgz'}
    if version:
        params['app_version'] = version
    with module_args(params):
        module = application.ApplicationModule()
    steps = module.plan({'name': 'a', 'app_version': '1', 'status': status})
    assert [s[0] for s in steps] == expected
